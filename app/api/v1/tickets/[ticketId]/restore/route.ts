import { handle } from '@/server/http/handler';
import { restoreTicketEndpoint } from '@/modules/tickets';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const POST = handle(restoreTicketEndpoint);
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods({ POST });
