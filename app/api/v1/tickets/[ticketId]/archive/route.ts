import { handle } from '@/server/http/handler';
import { archiveTicketEndpoint } from '@/modules/tickets';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const POST = handle(archiveTicketEndpoint);
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods({ POST });
