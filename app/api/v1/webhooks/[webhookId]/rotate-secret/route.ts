import { handle } from '@/server/http/handler';
import { rotateWebhookSecretEndpoint } from '@/modules/webhooks';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const POST = handle(rotateWebhookSecretEndpoint);
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods({ POST });
