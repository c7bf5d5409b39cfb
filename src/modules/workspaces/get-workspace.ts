import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { toWorkspaceDto } from './dto';
import { findCurrentWorkspace } from './repository';

export async function getWorkspace(ctx: TenantContext) {
  assertCan(ctx.role, 'workspace:read');
  return withTenant(ctx.tenantId, async (tx) => {
    const workspace = await findCurrentWorkspace(tx);
    if (!workspace) throw notFound('Workspace');
    return toWorkspaceDto(workspace);
  });
}
