import { handle } from '@/server/http/handler';
import { moveTicketEndpoint } from '@/modules/tickets/endpoints';

export const POST = handle(moveTicketEndpoint);
