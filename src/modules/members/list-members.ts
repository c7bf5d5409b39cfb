import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { assertCan } from '@/modules/access';
import { toMemberDto } from './dto';
import { listMembers as selectMembers } from './repository';

export async function listMembers(ctx: TenantContext) {
  assertCan(ctx.role, 'member:read');
  const rows = await withTenant(ctx.tenantId, selectMembers);
  return { data: rows.map(toMemberDto) };
}
