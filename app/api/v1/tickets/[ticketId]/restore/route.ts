import { handle } from '@/server/http/handler';
import { restoreTicketEndpoint } from '@/modules/tickets/endpoints';

export const POST = handle(restoreTicketEndpoint);
