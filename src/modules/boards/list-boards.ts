import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { assertCan } from '@/modules/access';
import { toBoardDto } from './dto';
import { listBoards as selectBoards } from './repository';

export async function listBoards(ctx: TenantContext, includeArchived: boolean) {
  assertCan(ctx.role, 'board:read');
  const rows = await withTenant(ctx.tenantId, (tx) => selectBoards(tx, includeArchived));
  return { data: rows.map(toBoardDto) };
}
