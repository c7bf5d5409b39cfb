import { handle } from '@/server/http/handler';
import { listDeliveriesEndpoint } from '@/modules/webhooks';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(listDeliveriesEndpoint);
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods({ GET });
