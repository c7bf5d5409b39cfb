import { handle } from '@/server/http/handler';
import { leaveWorkspaceEndpoint } from '@/modules/members/endpoints';

export const POST = handle(leaveWorkspaceEndpoint);
