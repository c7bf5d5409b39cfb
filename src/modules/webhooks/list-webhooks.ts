import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { assertCan } from '@/modules/access';
import { toWebhookDto } from './dto';
import { listEndpoints } from './repository';

export async function listWebhooks(ctx: TenantContext) {
  assertCan(ctx.role, 'webhook:manage');
  const rows = await withTenant(ctx.tenantId, (tx) => listEndpoints(tx));
  return { data: rows.map(toWebhookDto) };
}
