import type { InvitationRow } from './repository';

export function invitationStatus(row: InvitationRow, now = new Date()) {
  if (row.acceptedAt) return 'accepted' as const;
  if (row.revokedAt) return 'revoked' as const;
  if (row.expiresAt <= now) return 'expired' as const;
  return 'pending' as const;
}

export function toInvitationDto(row: InvitationRow) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: invitationStatus(row),
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    acceptedBy: row.acceptedBy,
  };
}
