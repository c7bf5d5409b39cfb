import { handle } from '@/server/http/handler';
import { deleteWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from '@/modules/webhooks';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(getWebhookEndpoint);
export const PATCH = handle(updateWebhookEndpoint);
export const DELETE = handle(deleteWebhookEndpoint);
export const { POST, PUT } = refuseOtherMethods({ GET, PATCH, DELETE });
