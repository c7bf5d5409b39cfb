import { describe, expect, it } from 'vitest';
import { invitationStatus, toInvitationDto } from '../../src/modules/invitations/dto';
import type { InvitationRow } from '../../src/modules/invitations/repository';

const now = new Date('2025-06-01T12:00:00.000Z');
const row = (overrides: Partial<InvitationRow> = {}): InvitationRow => ({
  tenantId: '00000000-0000-4000-8000-000000000001',
  id: '00000000-0000-4000-8000-000000000002',
  email: null,
  role: 'member',
  tokenHash: 'h',
  invitedBy: 'u1',
  expiresAt: new Date(now.getTime() + 60_000),
  acceptedAt: null,
  acceptedBy: null,
  revokedAt: null,
  createdAt: new Date(now.getTime() - 60_000),
  ...overrides,
});

describe('invitationStatus', () => {
  it('pending before expiry', () => {
    expect(invitationStatus(row(), now)).toBe('pending');
  });
  it('expired at and after expiresAt', () => {
    expect(invitationStatus(row({ expiresAt: now }), now)).toBe('expired');
    expect(invitationStatus(row({ expiresAt: new Date(now.getTime() - 1) }), now)).toBe('expired');
  });
  it('revoked wins over expired', () => {
    expect(invitationStatus(row({ revokedAt: now, expiresAt: new Date(0) }), now)).toBe('revoked');
  });
  it('accepted wins over everything', () => {
    expect(
      invitationStatus(row({ acceptedAt: now, acceptedBy: 'u2', revokedAt: now, expiresAt: new Date(0) }), now),
    ).toBe('accepted');
  });
  it('the DTO carries the status computed now and never the token hash', () => {
    const dto = toInvitationDto(row({ expiresAt: new Date(Date.now() - 1000) }));
    expect(dto.status).toBe('expired');
    expect(JSON.stringify(dto)).not.toContain('tokenHash');
    expect(toInvitationDto(row({ expiresAt: new Date(Date.now() + 60_000) })).status).toBe('pending');
  });
});
