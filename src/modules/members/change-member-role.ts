import 'server-only';
import { actingForUserId, type TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { AppError, forbidden, notFound } from '@/server/errors';
import { assertCan, canAssignRole, canManageMember, type Role } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { capTokensOfMember } from '@/modules/tokens';
import { toMemberDto } from './dto';
import { findMember, setMemberRole } from './repository';
import { emitWebhookEvent } from '@/modules/webhooks';

export async function changeMemberRole(ctx: TenantContext, userId: string, role: Role) {
  assertCan(ctx.role, 'member:manage');
  // Also through an API token: a token acts for its creator, and may not change its creator's role either.
  if (actingForUserId(ctx) === userId) throw new AppError('FORBIDDEN', 'You cannot change your own role');
  return withTenant(ctx.tenantId, async (tx) => {
    const member = await findMember(tx, userId, true);
    if (!member) throw notFound('Member');
    if (!canManageMember(ctx.role, member.role))
      throw forbidden(`A ${ctx.role} cannot change the role of a ${member.role}`);
    if (!canAssignRole(ctx.role, role))
      throw forbidden(
        role === 'owner' ? 'Use ownership transfer to make someone the owner' : `A ${ctx.role} cannot grant ${role}`,
      );
    await setMemberRole(tx, userId, role);
    await capTokensOfMember(tx, ctx, userId, role);
    const after = { ...member, role };
    await recordAudit(tx, ctx, {
      action: 'ROLE_CHANGE',
      resourceType: 'member',
      resourceId: userId,
      before: { role: member.role },
      after: { role },
    });
    const dto = toMemberDto(after);
    await emitWebhookEvent(tx, ctx.tenantId, 'member.role_changed', { ...dto, previousRole: member.role });
    return dto;
  });
}
