import 'server-only';
import { z } from 'zod';
import { withTenant, type Tx } from '@/server/db/tenant';
import { env } from '@/server/env';
import { PermanentJobError, defineJob, retryPolicy, type JobContext } from '@/server/jobs';
import { OutboundRefused, parseAllowList, postSafely, type OutboundResult } from '@/server/outbound';
import { recordSystemAudit } from '@/modules/audit';
import { notifyMembers } from '@/modules/notifications';
import { toWebhookDto } from './dto';
import { decryptSecret, signedHeaders, SecretUnreadable } from './secrets';
import {
  countDeliveryUsage,
  findDeliveryTarget,
  insertAttempt,
  lockDeliveryAttempts,
  updateDelivery,
  updateEndpoint,
  type DeliveryRow,
  type EndpointRow,
} from './repository';

// One attempt of one delivery (docs/webhooks.md). Retries back off exponentially with jitter from
// WEBHOOK_RETRY_DELAY_SECONDS (30 s) to six hours apart — 13 retries, about a day in all — then the delivery is
// dead-lettered (status failed; an admin can redeliver it). Every attempt is recorded. Delivery is at least once:
// a worker killed after the receiver answered but before the answer was recorded sends the same message again,
// with the same webhook-id, which receivers dedupe on.

const RETRIES = 13;
const MAX_DELAY_SECONDS = 6 * 3600;

export const deliverWebhookJob = defineJob({
  name: 'webhooks.deliver',
  description: 'Sends one webhook event to one endpoint, signed (Standard Webhooks); retries for about a day',
  data: z.object({ tenantId: z.uuid(), deliveryId: z.uuid() }),
  retry: () => ({
    limit: RETRIES,
    delaySeconds: env().WEBHOOK_RETRY_DELAY_SECONDS,
    maxDelaySeconds: MAX_DELAY_SECONDS,
  }),
  timeoutSeconds: 60,
  concurrency: 8,
  handler: async ({ tenantId, deliveryId }, ctx) => {
    const target = await withTenant(tenantId, (tx) => findDeliveryTarget(tx, deliveryId));
    if (!target) throw new PermanentJobError('the delivery or its webhook was deleted');
    const { delivery, endpoint } = target;
    if (delivery.status === 'delivered') return { alreadyDelivered: true };
    if (!endpoint.enabled) {
      await withTenant(tenantId, (tx) =>
        updateDelivery(tx, delivery.id, { status: 'failed', lastError: 'the webhook is disabled' }),
      );
      throw new PermanentJobError('the webhook is disabled');
    }

    const config = env();
    const startedAt = new Date();
    let result: OutboundResult | undefined;
    let error: string | undefined;
    let permanent = false;
    try {
      const headers = signedHeaders(
        signingSecrets(endpoint),
        `msg_${delivery.id}`,
        Math.floor(startedAt.getTime() / 1000),
        delivery.payload,
      );
      result = await postSafely(endpoint.url, {
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Tika-Webhooks/1' },
        body: delivery.payload,
        timeoutMs: config.WEBHOOK_TIMEOUT_MS,
        allow: parseAllowList(config.WEBHOOK_ALLOWED_HOSTS),
      });
      if (result.status < 200 || result.status >= 300)
        error =
          result.status >= 300 && result.status < 400
            ? `answered ${result.status}: redirects are not followed`
            : `answered ${result.status}`;
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
      // A refused address or an unreadable secret will not fix itself by waiting: dead-letter now.
      permanent = caught instanceof OutboundRefused || caught instanceof SecretUnreadable;
    }
    const durationMs = result?.durationMs ?? Date.now() - startedAt.getTime();
    const final = permanent || ctx.attempt > retryPolicy(deliverWebhookJob).limit;

    await withTenant(tenantId, async (tx) => {
      const outcome = { startedAt, durationMs, result, error, final };
      const attempt = await recordAttempt(tx, delivery, outcome);
      if (attempt === 1) await countDeliveryUsage(tx, tenantId);
      if (!error) {
        await updateEndpoint(tx, endpoint.id, { failingSince: null, lastSuccessAt: new Date() });
        return;
      }
      const failingSince = endpoint.failingSince ?? startedAt;
      await updateEndpoint(tx, endpoint.id, { failingSince, lastFailureAt: new Date() });
      if (failingSince.getTime() < Date.now() - config.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000)
        await disableFailingEndpoint(tx, tenantId, endpoint, failingSince, ctx);
    });
    if (error) throw permanent ? new PermanentJobError(error) : new Error(error);
    return { status: result?.status, durationMs };
  },
});

function signingSecrets(endpoint: EndpointRow): string[] {
  const secrets = [decryptSecret(endpoint.secretCiphertext)];
  if (
    endpoint.previousSecretCiphertext &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt > new Date()
  )
    secrets.push(decryptSecret(endpoint.previousSecretCiphertext));
  return secrets;
}

async function recordAttempt(
  tx: Tx,
  delivery: DeliveryRow,
  outcome: { startedAt: Date; durationMs: number; result?: OutboundResult; error?: string; final: boolean },
): Promise<number> {
  // Locked: two runs of the same job (at least once) number their attempts one after the other.
  const attempt = ((await lockDeliveryAttempts(tx, delivery.id)) ?? delivery.attempts) + 1;
  await insertAttempt(tx, {
    tenantId: delivery.tenantId,
    deliveryId: delivery.id,
    attempt,
    startedAt: outcome.startedAt,
    durationMs: outcome.durationMs,
    statusCode: outcome.result?.status ?? null,
    error: outcome.error ?? null,
    responseBody: outcome.result?.body ?? null,
  });
  await updateDelivery(tx, delivery.id, {
    attempts: attempt,
    lastStatusCode: outcome.result?.status ?? null,
    lastDurationMs: outcome.durationMs,
    lastError: outcome.error ?? null,
    ...(outcome.error
      ? { status: outcome.final ? 'failed' : 'pending' }
      : { status: 'delivered', deliveredAt: new Date() }),
  });
  return attempt;
}

/** Failing for WEBHOOK_DISABLE_AFTER_HOURS: turn the endpoint off, audit it, tell the admins (app and mail). */
async function disableFailingEndpoint(
  tx: Tx,
  tenantId: string,
  endpoint: EndpointRow,
  failingSince: Date,
  ctx: JobContext,
): Promise<void> {
  const disabled = await updateEndpoint(tx, endpoint.id, {
    enabled: false,
    disabledReason: 'failing',
    disabledAt: new Date(),
  });
  if (!disabled) return;
  await recordSystemAudit(tx, tenantId, `webhooks.deliver:${ctx.jobId}`, {
    action: 'DISABLE',
    resourceType: 'webhook',
    resourceId: endpoint.id,
    before: toWebhookDto(endpoint),
    after: toWebhookDto(disabled),
  });
  await notifyMembers(
    tx,
    tenantId,
    'admins',
    {
      kind: 'webhook_disabled',
      title: `Webhook to ${new URL(endpoint.url).host} turned off: it has been failing since ${failingSince.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      body: `Deliveries to ${endpoint.url} failed for more than ${env().WEBHOOK_DISABLE_AFTER_HOURS} hours, so Tika stopped sending them. Fix the receiver, then turn the webhook back on in the workspace settings; failed deliveries can be redelivered from its delivery log.`,
      link: 'settings/webhooks',
      dedupeKey: `webhook-disabled:${endpoint.id}:${failingSince.toISOString()}`,
    },
    { mail: true },
  );
  ctx.log.warn({ webhookId: endpoint.id, failingSince }, 'webhook disabled after failing');
}
