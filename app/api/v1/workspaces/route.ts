import { handle } from '@/server/http/handler';
import { createWorkspaceEndpoint } from '@/modules/workspaces/endpoints';

export const POST = handle(createWorkspaceEndpoint);
