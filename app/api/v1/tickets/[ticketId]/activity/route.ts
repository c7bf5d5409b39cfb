import { handle } from '@/server/http/handler';
import { listTicketActivityEndpoint } from '@/modules/audit/endpoints';

export const GET = handle(listTicketActivityEndpoint);
