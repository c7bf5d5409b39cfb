import { handle } from '@/server/http/handler';
import { createWebhookEndpoint, listWebhooksEndpoint } from '@/modules/webhooks';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(listWebhooksEndpoint);
export const POST = handle(createWebhookEndpoint);
export const { PUT, PATCH, DELETE } = refuseOtherMethods({ GET, POST });
