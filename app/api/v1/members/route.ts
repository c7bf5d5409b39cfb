import { handle } from '@/server/http/handler';
import { listMembersEndpoint } from '@/modules/members';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(listMembersEndpoint);
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods({ GET });
