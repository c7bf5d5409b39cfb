import { handle } from '@/server/http/handler';
import { markNotificationsReadEndpoint } from '@/modules/notifications';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const POST = handle(markNotificationsReadEndpoint);
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods({ POST });
