import { handle } from '@/server/http/handler';
import { sendTestEventEndpoint } from '@/modules/webhooks';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const POST = handle(sendTestEventEndpoint);
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods({ POST });
