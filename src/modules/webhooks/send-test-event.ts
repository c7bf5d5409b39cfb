import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { AppError } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { eventPayload, queueDeliveries } from './emit-event';
import { TEST_EVENT } from './events';
import { requireEndpoint } from './get-webhook';
import { findDelivery } from './repository';
import { toDeliveryDto } from './dto';

/** Queues a `webhook.test` event to this endpoint alone, whatever it subscribes to. */
export async function sendTestEvent(ctx: TenantContext, id: string) {
  assertCan(ctx.role, 'webhook:manage');
  return withTenant(ctx.tenantId, async (tx) => {
    const endpoint = await requireEndpoint(tx, id);
    if (!endpoint.enabled) throw new AppError('CONFLICT', 'The webhook is turned off: turn it on first');
    const payload = eventPayload(TEST_EVENT, {
      webhookId: id,
      message: 'A test event from Tika: your endpoint receives and verifies webhooks.',
    });
    const [deliveryId] = await queueDeliveries(tx, ctx.tenantId, [id], TEST_EVENT, payload);
    return toDeliveryDto((await findDelivery(tx, id, deliveryId!))!);
  });
}
