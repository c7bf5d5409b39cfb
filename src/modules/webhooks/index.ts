// webhooks: workspace webhook endpoints, their signed deliveries (Standard Webhooks) and delivery log. Other modules
// announce their changes through the port emitWebhookEvent, inside the transaction of the change (the outbox).
import 'server-only';
export { emitWebhookEvent } from './emit-event';
export { webhookEventTypes, TEST_EVENT, type WebhookEventType } from './events';
export { deliverWebhookJob } from './deliver';
export { pruneWebhookDeliveriesJob } from './prune';
export { createWebhook } from './create-webhook';
export { listWebhooks } from './list-webhooks';
export { getWebhook } from './get-webhook';
export { updateWebhook } from './update-webhook';
export { deleteWebhook } from './delete-webhook';
export { rotateWebhookSecret } from './rotate-webhook-secret';
export { sendTestEvent } from './send-test-event';
export { listDeliveries, getDelivery } from './list-deliveries';
export { retryDelivery } from './retry-delivery';
export * from './schemas';
export * from './endpoints';
export * as endpoints from './endpoints';
