import { handle } from '@/server/http/handler';
import { leaveWorkspaceEndpoint } from '@/modules/members';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const POST = handle(leaveWorkspaceEndpoint);
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods({ POST });
