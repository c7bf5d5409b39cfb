import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { AppError, notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { invitationStatus, toInvitationDto } from './dto';
import { findInvitation, markInvitation } from './repository';

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
