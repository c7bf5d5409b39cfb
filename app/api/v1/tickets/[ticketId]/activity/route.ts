import { handle } from '@/server/http/handler';
import { listTicketActivityEndpoint } from '@/modules/tickets';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(listTicketActivityEndpoint);
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods({ GET });
