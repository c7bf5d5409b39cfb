import { handle } from '@/server/http/handler';
import { listMembersEndpoint } from '@/modules/members/endpoints';

export const GET = handle(listMembersEndpoint);
