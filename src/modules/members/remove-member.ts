import 'server-only';
import { actingForUserId, type TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { AppError, forbidden, notFound } from '@/server/errors';
import { assertCan, canManageMember } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { revokeTokensOfDepartedMember } from '@/modules/tokens';
import { deleteMember, findMember, unassignTickets } from './repository';
import { emitWebhookEvent } from '@/modules/webhooks';
import { toMemberDto } from './dto';

export async function removeMember(ctx: TenantContext, userId: string) {
  assertCan(ctx.role, 'member:manage');
  if (actingForUserId(ctx) === userId) throw new AppError('FORBIDDEN', 'Use "leave workspace" to remove yourself');
  await withTenant(ctx.tenantId, async (tx) => {
    const member = await findMember(tx, userId, true);
    if (!member) throw notFound('Member');
    if (!canManageMember(ctx.role, member.role)) throw forbidden(`A ${ctx.role} cannot remove a ${member.role}`);
    const unassigned = await unassignTickets(tx, userId);
    await deleteMember(tx, userId);
    const revokedTokens = await revokeTokensOfDepartedMember(tx, ctx, userId, 'member_removed');
    await recordAudit(tx, ctx, {
      action: 'REMOVE',
      resourceType: 'member',
      resourceId: userId,
      before: { userId, email: member.email, role: member.role },
      after: { unassignedTickets: unassigned, revokedTokens },
    });
    await emitWebhookEvent(tx, ctx.tenantId, 'member.removed', toMemberDto(member));
  });
}
