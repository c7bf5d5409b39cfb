// What a webhook can subscribe to (docs/webhooks.md). The payload of each is { type, timestamp, data } where data
// is the resource exactly as the REST API returns it (for a deletion: as it was just before). The subscription
// pattern's schema (EventPattern) is in schemas.ts.
import 'server-only';

export { webhookEventTypes, type WebhookEventType } from '@/shared/webhook-events';

/** Sent only by "send test event", whatever the endpoint subscribes to. */
export const TEST_EVENT = 'webhook.test';

/** The patterns that select an event: itself, its family, everything. */
export function patternsMatching(type: string): string[] {
  return [type, `${type.split('.')[0]}.*`, '*'];
}
