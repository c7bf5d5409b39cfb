import { handle } from '@/server/http/handler';
import { listTicketsEndpoint, createTicketEndpoint } from '@/modules/tickets';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(listTicketsEndpoint);
export const POST = handle(createTicketEndpoint);
export const { PUT, PATCH, DELETE } = refuseOtherMethods({ GET, POST });
