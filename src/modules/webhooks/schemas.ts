import { z } from 'zod';
import { pageQuery, userText } from '@/shared/schemas';
import { webhookEventFamilies, webhookEventTypes } from '@/shared/webhook-events';

/** A subscription: one event type, a family ('ticket.*'), or everything ('*'). */
export const EventPattern = z
  .string()
  .refine(
    (value) =>
      value === '*' ||
      (webhookEventTypes as readonly string[]).includes(value) ||
      (value.endsWith('.*') && webhookEventFamilies.includes(value.slice(0, -2))),
    { message: `An event type (${webhookEventTypes.join(', ')}), a family such as ticket.*, or *` },
  );

const url = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), 'An http(s) URL')
  .describe('Where events are POSTed. Private, loopback and metadata addresses are refused.');

const events = z
  .array(EventPattern)
  .min(1)
  .max(webhookEventTypes.length + 8)
  .transform((list) => [...new Set(list)])
  .describe(`Event types (${webhookEventTypes.join(', ')}), families such as ticket.*, or *`);

export const WebhookDto = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    disabledReason: z.enum(['manual', 'failing']).nullable(),
    disabledAt: z.string().nullable(),
    secretPrefix: z.string().describe('The start of the signing secret, to recognise it'),
    previousSecretExpiresAt: z
      .string()
      .nullable()
      .describe('During a rotation: until when the previous secret still signs too'),
    failingSince: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastFailureAt: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Webhook' });

export const CreatedWebhookDto = WebhookDto.extend({
  secret: z.string().describe('The signing secret (whsec_…), shown once: store it now'),
}).meta({ id: 'CreatedWebhook' });

export const RotatedSecretDto = WebhookDto.extend({
  secret: z.string().describe('The new signing secret, shown once'),
}).meta({ id: 'RotatedWebhookSecret' });

export const WebhookList = z.object({ data: z.array(WebhookDto) }).meta({ id: 'WebhookList' });

export const CreateWebhookBody = z
  .object({ url, events, description: userText(500).optional() })
  .meta({ id: 'CreateWebhookBody' });

export const UpdateWebhookBody = z
  .object({
    url: url.optional(),
    events: events.optional(),
    description: userText(500).optional(),
    enabled: z.boolean().optional().describe('Turn the endpoint off, or back on after it was disabled'),
  })
  .refine((body) => Object.keys(body).length > 0, 'Nothing to change')
  .meta({ id: 'UpdateWebhookBody' });

export const WebhookParams = z.object({ webhookId: z.uuid() });
export const DeliveryParams = z.object({ webhookId: z.uuid(), deliveryId: z.uuid() });

const deliveryStatus = z.enum(['pending', 'delivered', 'failed']);

export const DeliveryDto = z
  .object({
    id: z.uuid().describe('Also the webhook-id header (msg_<id>) receivers dedupe on'),
    webhookId: z.uuid(),
    eventType: z.string(),
    status: deliveryStatus.describe('pending (being tried), delivered, failed (retries exhausted: dead letter)'),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastDurationMs: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });

export const DeliveryAttemptDto = z
  .object({
    attempt: z.number().int(),
    startedAt: z.string(),
    durationMs: z.number().int(),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    responseBody: z.string().nullable().describe('The start of the answer (2 KB at most)'),
  })
  .meta({ id: 'WebhookDeliveryAttempt' });

export const DeliveryDetailDto = DeliveryDto.extend({
  payload: z.string().describe('The exact body every attempt sent'),
  attemptLog: z.array(DeliveryAttemptDto),
}).meta({ id: 'WebhookDeliveryDetail' });

export const DeliveryList = z
  .object({ data: z.array(DeliveryDto), nextCursor: z.string().nullable() })
  .meta({ id: 'WebhookDeliveryList' });

export const DeliveryQuery = pageQuery.extend({ status: deliveryStatus.optional() });
