import { handle } from '@/server/http/handler';
import { getWorkspaceEndpoint, updateWorkspaceEndpoint, deleteWorkspaceEndpoint } from '@/modules/workspaces/endpoints';

export const GET = handle(getWorkspaceEndpoint);
export const PATCH = handle(updateWorkspaceEndpoint);
export const DELETE = handle(deleteWorkspaceEndpoint);
