import { handle } from '@/server/http/handler';
import { listTicketsEndpoint, createTicketEndpoint } from '@/modules/tickets/endpoints';

export const GET = handle(listTicketsEndpoint);
export const POST = handle(createTicketEndpoint);
