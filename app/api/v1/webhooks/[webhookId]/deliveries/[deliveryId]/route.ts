import { handle } from '@/server/http/handler';
import { getDeliveryEndpoint } from '@/modules/webhooks';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(getDeliveryEndpoint);
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods({ GET });
