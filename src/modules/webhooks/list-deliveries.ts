import 'server-only';
import type { z } from 'zod';
import type { TenantContext } from '@/server/context';
import { decodeCursor, page } from '@/server/db/cursor';
import { withTenant } from '@/server/db/tenant';
import { notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { toAttemptDto, toDeliveryDto } from './dto';
import { requireEndpoint } from './get-webhook';
import { findDelivery, listAttempts, listDeliveries as findDeliveries } from './repository';
import type { DeliveryQuery } from './schemas';

export async function listDeliveries(ctx: TenantContext, webhookId: string, query: z.infer<typeof DeliveryQuery>) {
  assertCan(ctx.role, 'webhook:manage');
  const before = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : undefined;
  const rows = await withTenant(ctx.tenantId, async (tx) => {
    await requireEndpoint(tx, webhookId);
    return findDeliveries(tx, webhookId, {
      status: query.status,
      limit: query.limit + 1,
      before: before ? { createdAt: new Date(String(before[0])), id: String(before[1]) } : undefined,
    });
  });
  const result = page(rows, query.limit, (row) => [row.createdAt.toISOString(), row.id]);
  return { data: result.data.map(toDeliveryDto), nextCursor: result.nextCursor };
}

export async function getDelivery(ctx: TenantContext, webhookId: string, deliveryId: string) {
  assertCan(ctx.role, 'webhook:manage');
  return withTenant(ctx.tenantId, async (tx) => {
    const delivery = await findDelivery(tx, webhookId, deliveryId);
    if (!delivery) throw notFound('Delivery');
    const attempts = await listAttempts(tx, deliveryId);
    return { ...toDeliveryDto(delivery), payload: delivery.payload, attemptLog: attempts.map(toAttemptDto) };
  });
}
