import { handle } from '@/server/http/handler';
import { moveTicketEndpoint } from '@/modules/tickets';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const POST = handle(moveTicketEndpoint);
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods({ POST });
