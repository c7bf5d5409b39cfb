import { z } from 'zod';
// What a webhook can subscribe to (docs/webhooks.md). The payload of each is { type, timestamp, data } where data
// is the resource exactly as the REST API returns it (for a deletion: as it was just before).
import { webhookEventFamilies as families, webhookEventTypes } from '@/shared/webhook-events';

export { webhookEventTypes, type WebhookEventType } from '@/shared/webhook-events';

/** Sent only by "send test event", whatever the endpoint subscribes to. */
export const TEST_EVENT = 'webhook.test';

/** A subscription: one event type, a family ('ticket.*'), or everything ('*'). */
export const EventPattern = z
  .string()
  .refine(
    (value) =>
      value === '*' ||
      (webhookEventTypes as readonly string[]).includes(value) ||
      (value.endsWith('.*') && families.includes(value.slice(0, -2))),
    { message: `An event type (${webhookEventTypes.join(', ')}), a family such as ticket.*, or *` },
  );

/** The patterns that select an event: itself, its family, everything. */
export function patternsMatching(type: string): string[] {
  return [type, `${type.split('.')[0]}.*`, '*'];
}
