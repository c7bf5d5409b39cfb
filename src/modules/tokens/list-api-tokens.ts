import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { assertCan } from '@/modules/access';
import { toApiTokenDto } from './dto';
import { listApiTokens as selectTokens } from './repository';

export async function listApiTokens(ctx: TenantContext) {
  assertCan(ctx.role, 'token:manage');
  const rows = await withTenant(ctx.tenantId, selectTokens);
  return { data: rows.map(toApiTokenDto) };
}
