import type { TenantContext } from '../../server/context';
import { withTenant } from '../../server/db/tenant';
import { AppError, notFound } from '../../server/errors';
import { assertCan } from '../access/policy';
import { recordAudit } from '../audit/record-audit';
import { invitationStatus, toInvitationDto } from './dto';
import { findInvitation, listInvitations as selectInvitations, markInvitation } from './repository';

export async function listInvitations(ctx: TenantContext) {
  assertCan(ctx.role, 'invitation:manage');
  const rows = await withTenant(ctx.tenantId, selectInvitations);
  return { data: rows.map(toInvitationDto) };
}

export async function revokeInvitation(ctx: TenantContext, invitationId: string) {
  assertCan(ctx.role, 'invitation:manage');
  return withTenant(ctx.tenantId, async (tx) => {
    const row = await findInvitation(tx, invitationId);
    if (!row) throw notFound('Invitation');
    if (invitationStatus(row) !== 'pending')
      throw new AppError('CONFLICT', `The invitation is already ${invitationStatus(row)}`);
    const revoked = await markInvitation(tx, row.id, { revokedAt: new Date() });
    await recordAudit(tx, ctx, {
      action: 'REVOKE',
      resourceType: 'invitation',
      resourceId: row.id,
      before: toInvitationDto(row),
      after: toInvitationDto(revoked),
    });
    return toInvitationDto(revoked);
  });
}
