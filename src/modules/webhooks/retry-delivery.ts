import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { AppError, notFound } from '@/server/errors';
import { enqueueJob } from '@/server/jobs';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { deliverWebhookJob } from './deliver';
import { toDeliveryDto } from './dto';
import { requireEndpoint } from './get-webhook';
import { findDelivery, updateDelivery } from './repository';

/**
 * Sends a finished delivery again — a dead-lettered one after the receiver is fixed, or a delivered one a receiver
 * lost — with the same webhook-id, and a fresh round of retries. A delivery still being tried is left alone (409).
 */
export async function retryDelivery(ctx: TenantContext, webhookId: string, deliveryId: string) {
  assertCan(ctx.role, 'webhook:manage');
  return withTenant(ctx.tenantId, async (tx) => {
    const endpoint = await requireEndpoint(tx, webhookId);
    const delivery = await findDelivery(tx, webhookId, deliveryId, true);
    if (!delivery) throw notFound('Delivery');
    if (delivery.status === 'pending') throw new AppError('CONFLICT', 'This delivery is still being tried');
    if (!endpoint.enabled) throw new AppError('CONFLICT', 'The webhook is turned off: turn it on first');
    const row = await updateDelivery(tx, deliveryId, { status: 'pending', deliveredAt: null });
    await enqueueJob(tx, deliverWebhookJob, { tenantId: ctx.tenantId, deliveryId });
    const dto = toDeliveryDto(row!);
    await recordAudit(tx, ctx, {
      action: 'REDELIVER',
      resourceType: 'webhook',
      resourceId: webhookId,
      after: { deliveryId, eventType: delivery.eventType, previousStatus: delivery.status },
    });
    return dto;
  });
}
