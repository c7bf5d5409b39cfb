import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { AppError, notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { revokeTokensOfDepartedMember } from '@/modules/tokens';
import { deleteMember, findMember, unassignTickets } from './repository';
import { emitWebhookEvent } from '@/modules/webhooks';
import { toMemberDto } from './dto';

/** Anyone but the owner may leave; the owner transfers ownership first so a workspace is never ownerless. */
export async function leaveWorkspace(ctx: TenantContext) {
  assertCan(ctx.role, 'workspace:leave');
  if (ctx.actor.type !== 'user')
    throw new AppError('FORBIDDEN', 'API tokens cannot leave a workspace; revoke the token instead');
  const userId = ctx.actor.id;
  await withTenant(ctx.tenantId, async (tx) => {
    const member = await findMember(tx, userId, true);
    if (!member) throw notFound('Member');
    const unassigned = await unassignTickets(tx, userId);
    await deleteMember(tx, userId);
    const revokedTokens = await revokeTokensOfDepartedMember(tx, ctx, userId, 'member_left');
    await recordAudit(tx, ctx, {
      action: 'LEAVE',
      resourceType: 'member',
      resourceId: userId,
      before: { userId, role: member.role },
      after: { unassignedTickets: unassigned, revokedTokens },
    });
    await emitWebhookEvent(tx, ctx.tenantId, 'member.removed', toMemberDto(member));
  });
}
