import { handle } from '@/server/http/handler';
import { restoreTicketEndpoint } from '@/modules/tickets/endpoints';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const POST = handle(restoreTicketEndpoint);
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods({ POST });
