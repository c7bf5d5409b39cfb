import 'server-only';
import type { TenantContext } from '@/server/context';
import { afterCommit, withTenant } from '@/server/db/tenant';
import { forgetApiTokensIn } from '@/server/auth/principal';
import { AppError, notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toWorkspaceDto } from './dto';
import { findCurrentWorkspace, updateWorkspace as saveWorkspace } from './repository';

export async function updateWorkspace(
  ctx: TenantContext,
  input: { name?: string; slug?: string; requireTwoFactor?: boolean },
) {
  assertCan(ctx.role, 'settings:manage');
  if (input.requireTwoFactor !== undefined) assertCan(ctx.role, 'security:manage');
  // Requiring a second factor the owner does not have would shut the owner out of their own workspace.
  if (input.requireTwoFactor === true && ctx.twoFactor !== true)
    throw new AppError(
      'TWO_FACTOR_REQUIRED',
      'Turn on two-factor authentication for your own account (/account) before requiring it of every member',
    );
  return withTenant(ctx.tenantId, async (tx) => {
    const before = await findCurrentWorkspace(tx);
    if (!before) throw notFound('Workspace');
    const after = await saveWorkspace(tx, before.id, input);
    if (after.requireTwoFactor !== before.requireTwoFactor) afterCommit(() => forgetApiTokensIn(before.id));
    await recordAudit(tx, ctx, {
      action: 'UPDATE',
      resourceType: 'settings',
      resourceId: before.id,
      before: toWorkspaceDto(before),
      after: toWorkspaceDto(after),
    });
    return toWorkspaceDto(after);
  });
}
