import 'server-only';
import type { TenantContext } from '@/server/context';
import type { Tx } from '@/server/db/tenant';
import { withTenant } from '@/server/db/tenant';
import { notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { toWebhookDto } from './dto';
import { findEndpoint, type EndpointRow } from './repository';

/** The endpoint, or 404 (another workspace's endpoint does not exist here). */
export async function requireEndpoint(tx: Tx, id: string, lock = false): Promise<EndpointRow> {
  const row = await findEndpoint(tx, id, lock);
  if (!row) throw notFound('Webhook');
  return row;
}

export async function getWebhook(ctx: TenantContext, id: string) {
  assertCan(ctx.role, 'webhook:manage');
  return toWebhookDto(await withTenant(ctx.tenantId, (tx) => requireEndpoint(tx, id)));
}
