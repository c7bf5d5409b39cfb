import { handle } from '@/server/http/handler';
import { createWorkspaceEndpoint } from '@/modules/workspaces';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const POST = handle(createWorkspaceEndpoint);
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods({ POST });
