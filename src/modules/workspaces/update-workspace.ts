import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toWorkspaceDto } from './dto';
import { findCurrentWorkspace, updateWorkspace as saveWorkspace } from './repository';

export async function updateWorkspace(ctx: TenantContext, input: { name?: string; slug?: string }) {
  assertCan(ctx.role, 'settings:manage');
  return withTenant(ctx.tenantId, async (tx) => {
    const before = await findCurrentWorkspace(tx);
    if (!before) throw notFound('Workspace');
    const after = await saveWorkspace(tx, before.id, input);
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
