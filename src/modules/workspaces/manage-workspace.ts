import type { TenantContext } from '../../server/context';
import { withTenant } from '../../server/db/tenant';
import { AppError, notFound } from '../../server/errors';
import { assertCan } from '../access/policy';
import { recordAudit } from '../audit/record-audit';
import { toWorkspaceDto } from './dto';
import {
  deleteWorkspace as removeWorkspace,
  findCurrentWorkspace,
  updateWorkspace as saveWorkspace,
} from './repository';

export async function getWorkspace(ctx: TenantContext) {
  assertCan(ctx.role, 'workspace:read');
  return withTenant(ctx.tenantId, async (tx) => {
    const workspace = await findCurrentWorkspace(tx);
    if (!workspace) throw notFound('Workspace');
    return toWorkspaceDto(workspace);
  });
}

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

/** Owner only, and the slug must be typed back: deletion removes every board, ticket and member. */
export async function deleteWorkspace(ctx: TenantContext, input: { confirm: string }) {
  assertCan(ctx.role, 'workspace:delete');
  await withTenant(ctx.tenantId, async (tx) => {
    const workspace = await findCurrentWorkspace(tx);
    if (!workspace) throw notFound('Workspace');
    if (input.confirm !== workspace.slug) {
      throw new AppError('VALIDATION_FAILED', 'Type the workspace slug to confirm deletion', {
        fields: [{ path: 'body.confirm', message: `Must equal "${workspace.slug}"`, code: 'confirmation_mismatch' }],
      });
    }
    // The audit row survives: audit_logs has no foreign key to workspaces.
    await recordAudit(tx, ctx, {
      action: 'DELETE',
      resourceType: 'workspace',
      resourceId: workspace.id,
      before: toWorkspaceDto(workspace),
    });
    await removeWorkspace(tx, workspace.id);
  });
}
