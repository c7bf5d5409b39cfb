import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { AppError, notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { capTokensOfMember } from '@/modules/tokens';
import { findMember, setMemberRole } from './repository';
import { emitWebhookEvent } from '@/modules/webhooks';
import { toMemberDto } from './dto';

/** The owner hands over ownership and becomes an admin; there is always exactly one owner. */
export async function transferOwnership(ctx: TenantContext, userId: string) {
  assertCan(ctx.role, 'ownership:transfer');
  if (ctx.actor.type !== 'user') throw new AppError('FORBIDDEN', 'Only the owner in person can transfer ownership');
  const ownerId = ctx.actor.id;
  if (ownerId === userId) throw new AppError('CONFLICT', 'You already own this workspace');
  await withTenant(ctx.tenantId, async (tx) => {
    const target = await findMember(tx, userId, true);
    if (!target) throw notFound('Member');
    const previousOwner = await findMember(tx, ownerId, true);
    await setMemberRole(tx, ownerId, 'admin');
    await setMemberRole(tx, userId, 'owner');
    // Tokens are never owner tokens, so the former owner's stay within admin; capped anyway, should that change.
    await capTokensOfMember(tx, ctx, ownerId, 'admin');
    if (previousOwner)
      await emitWebhookEvent(tx, ctx.tenantId, 'member.role_changed', {
        ...toMemberDto({ ...previousOwner, role: 'admin' }),
        previousRole: 'owner',
      });
    await emitWebhookEvent(tx, ctx.tenantId, 'member.role_changed', {
      ...toMemberDto({ ...target, role: 'owner' }),
      previousRole: target.role,
    });
    await recordAudit(tx, ctx, {
      action: 'TRANSFER',
      resourceType: 'workspace',
      resourceId: ctx.tenantId,
      before: { owner: ownerId, newOwnerRole: target.role },
      after: { owner: userId, previousOwnerRole: 'admin' },
    });
  });
}
