import { handle } from '@/server/http/handler';
import { listTicketActivityEndpoint } from '@/modules/audit/endpoints';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(listTicketActivityEndpoint);
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods({ GET });
