import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Tx } from '@/server/db/tenant';
import { enqueueJob } from '@/server/jobs';
import { deliverWebhookJob } from './deliver';
import { patternsMatching, type WebhookEventType } from './events';
import { findSubscribers, insertDeliveries } from './repository';

/** The body every attempt of one delivery sends. */
export function eventPayload(type: string, data: unknown, at = new Date()): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), data });
}

/** Writes one delivery per endpoint and enqueues its first attempt, in the caller's transaction. */
export async function queueDeliveries(
  tx: Tx,
  tenantId: string,
  endpointIds: string[],
  type: string,
  payload: string,
): Promise<string[]> {
  const rows = endpointIds.map((endpointId) => ({ tenantId, id: randomUUID(), endpointId, eventType: type, payload }));
  await insertDeliveries(tx, rows);
  // The job id is the delivery id: enqueueing the same delivery twice adds nothing.
  for (const row of rows) await enqueueJob(tx, deliverWebhookJob, { tenantId, deliveryId: row.id }, { id: row.id });
  return rows.map((row) => row.id);
}

/**
 * The outbox port: call it inside the transaction of the change, after the change. If the transaction rolls back,
 * no delivery exists and nothing is sent; once it commits, every subscribed endpoint gets the event, at least once,
 * with retries. A workspace without webhooks pays one indexed lookup. `data` is the resource as the REST API
 * returns it (for a deletion, as it was).
 */
export async function emitWebhookEvent(
  tx: Tx,
  tenantId: string,
  type: WebhookEventType,
  data: unknown,
): Promise<number> {
  const endpoints = await findSubscribers(tx, patternsMatching(type));
  if (endpoints.length === 0) return 0;
  const ids = await queueDeliveries(
    tx,
    tenantId,
    endpoints.map((e) => e.id),
    type,
    eventPayload(type, data),
  );
  return ids.length;
}
