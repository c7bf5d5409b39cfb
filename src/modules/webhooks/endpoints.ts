import 'server-only';
import { tenantEndpoint } from '@/server/http/endpoint';
import { createWebhook } from './create-webhook';
import { deleteWebhook } from './delete-webhook';
import { getWebhook } from './get-webhook';
import { getDelivery, listDeliveries } from './list-deliveries';
import { listWebhooks } from './list-webhooks';
import { retryDelivery } from './retry-delivery';
import { rotateWebhookSecret } from './rotate-webhook-secret';
import {
  CreatedWebhookDto,
  CreateWebhookBody,
  DeliveryDetailDto,
  DeliveryDto,
  DeliveryList,
  DeliveryParams,
  DeliveryQuery,
  RotatedSecretDto,
  UpdateWebhookBody,
  WebhookDto,
  WebhookList,
  WebhookParams,
} from './schemas';
import { sendTestEvent } from './send-test-event';
import { updateWebhook } from './update-webhook';

const tag = 'Webhooks';
const permission = 'webhook:manage' as const;

export const listWebhooksEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/webhooks',
  operationId: 'listWebhooks',
  summary: 'Webhook endpoints of the workspace (never the secrets)',
  tag,
  permission,
  response: WebhookList,
  handler: (ctx) => listWebhooks(ctx),
});

export const createWebhookEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/webhooks',
  operationId: 'createWebhook',
  summary: 'Add a webhook endpoint; its signing secret (whsec_…) is shown once',
  tag,
  permission,
  body: CreateWebhookBody,
  response: CreatedWebhookDto,
  status: 201,
  handler: (ctx, { body }) => createWebhook(ctx, body),
});

export const getWebhookEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/webhooks/{webhookId}',
  operationId: 'getWebhook',
  summary: 'One webhook endpoint',
  tag,
  permission,
  params: WebhookParams,
  response: WebhookDto,
  handler: (ctx, { params }) => getWebhook(ctx, params.webhookId),
});

export const updateWebhookEndpoint = tenantEndpoint({
  method: 'PATCH',
  path: '/webhooks/{webhookId}',
  operationId: 'updateWebhook',
  summary: 'Change the URL, events or description, or turn the endpoint off and on',
  tag,
  permission,
  params: WebhookParams,
  body: UpdateWebhookBody,
  response: WebhookDto,
  handler: (ctx, { params, body }) => updateWebhook(ctx, params.webhookId, body),
});

export const deleteWebhookEndpoint = tenantEndpoint({
  method: 'DELETE',
  path: '/webhooks/{webhookId}',
  operationId: 'deleteWebhook',
  summary: 'Delete a webhook endpoint and its delivery log',
  tag,
  permission,
  params: WebhookParams,
  status: 204,
  handler: (ctx, { params }) => deleteWebhook(ctx, params.webhookId),
});

export const rotateWebhookSecretEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/webhooks/{webhookId}/rotate-secret',
  operationId: 'rotateWebhookSecret',
  summary: 'A new signing secret, shown once; the previous one keeps signing for the grace period',
  tag,
  permission,
  params: WebhookParams,
  response: RotatedSecretDto,
  handler: (ctx, { params }) => rotateWebhookSecret(ctx, params.webhookId),
});

export const sendTestEventEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/webhooks/{webhookId}/test',
  operationId: 'sendWebhookTestEvent',
  summary: 'Send a webhook.test event to this endpoint',
  tag,
  permission,
  params: WebhookParams,
  response: DeliveryDto,
  status: 201,
  errors: [409],
  handler: (ctx, { params }) => sendTestEvent(ctx, params.webhookId),
});

export const listDeliveriesEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/webhooks/{webhookId}/deliveries',
  operationId: 'listWebhookDeliveries',
  summary: 'Deliveries of this endpoint, newest first: status, attempts, last response code and duration',
  tag,
  permission,
  params: WebhookParams,
  query: DeliveryQuery,
  response: DeliveryList,
  handler: (ctx, { params, query }) => listDeliveries(ctx, params.webhookId, query),
});

export const getDeliveryEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/webhooks/{webhookId}/deliveries/{deliveryId}',
  operationId: 'getWebhookDelivery',
  summary: 'One delivery: the body sent and every attempt',
  tag,
  permission,
  params: DeliveryParams,
  response: DeliveryDetailDto,
  handler: (ctx, { params }) => getDelivery(ctx, params.webhookId, params.deliveryId),
});

export const retryDeliveryEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/webhooks/{webhookId}/deliveries/{deliveryId}/retry',
  operationId: 'retryWebhookDelivery',
  summary: 'Send a finished (failed or delivered) delivery again, with the same webhook-id',
  tag,
  permission,
  params: DeliveryParams,
  response: DeliveryDto,
  status: 201,
  errors: [409],
  handler: (ctx, { params }) => retryDelivery(ctx, params.webhookId, params.deliveryId),
});
