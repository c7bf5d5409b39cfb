import { handle } from '@/server/http/handler';
import { retryDeliveryEndpoint } from '@/modules/webhooks';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const POST = handle(retryDeliveryEndpoint);
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods({ POST });
