import { handle } from '@/server/http/handler';
import { getTicketEndpoint, updateTicketEndpoint, deleteTicketEndpoint } from '@/modules/tickets/endpoints';

export const GET = handle(getTicketEndpoint);
export const PATCH = handle(updateTicketEndpoint);
export const DELETE = handle(deleteTicketEndpoint);
