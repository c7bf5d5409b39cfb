import { handle } from '@/server/http/handler';
import { listNotificationsEndpoint } from '@/modules/notifications';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(listNotificationsEndpoint);
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods({ GET });
