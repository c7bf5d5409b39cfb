import { handle } from '@/server/http/handler';
import { archiveTicketEndpoint } from '@/modules/tickets/endpoints';

export const POST = handle(archiveTicketEndpoint);
