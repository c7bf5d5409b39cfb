import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { AppError, notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toWorkspaceDto } from './dto';
import { deleteWorkspace as removeWorkspace, findCurrentWorkspace } from './repository';

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
