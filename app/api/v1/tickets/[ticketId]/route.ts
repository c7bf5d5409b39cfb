import { handle } from '@/server/http/handler';
import { getTicketEndpoint, updateTicketEndpoint, deleteTicketEndpoint } from '@/modules/tickets';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(getTicketEndpoint);
export const PATCH = handle(updateTicketEndpoint);
export const DELETE = handle(deleteTicketEndpoint);
export const { POST, PUT } = refuseOtherMethods({ GET, PATCH, DELETE });
