import { handle } from '@/server/http/handler';
import { getWorkspaceEndpoint, updateWorkspaceEndpoint, deleteWorkspaceEndpoint } from '@/modules/workspaces';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(getWorkspaceEndpoint);
export const PATCH = handle(updateWorkspaceEndpoint);
export const DELETE = handle(deleteWorkspaceEndpoint);
export const { POST, PUT } = refuseOtherMethods({ GET, PATCH, DELETE });
