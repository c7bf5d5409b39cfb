import 'server-only';
import { tenantEndpoint, userEndpoint } from '@/server/http/endpoint';
import { CreateWorkspaceBody, DeleteWorkspaceBody, MeDto, UpdateWorkspaceBody, WorkspaceDto } from './schemas';
import { createWorkspace } from './create-workspace';
import { getMe } from './get-me';
import { getWorkspace } from './get-workspace';
import { updateWorkspace } from './update-workspace';
import { deleteWorkspace } from './delete-workspace';

const tag = 'Workspaces';

export const getMeEndpoint = userEndpoint({
  method: 'GET',
  path: '/me',
  operationId: 'getMe',
  summary: 'The signed-in user and their workspaces (session only)',
  tag,
  response: MeDto,
  handler: (ctx) => getMe(ctx),
});

export const createWorkspaceEndpoint = userEndpoint({
  method: 'POST',
  path: '/workspaces',
  operationId: 'createWorkspace',
  summary: 'Create another workspace; you become its owner (session only)',
  tag,
  body: CreateWorkspaceBody,
  response: WorkspaceDto,
  status: 201,
  handler: (ctx, { body }) => createWorkspace(ctx, body),
});

export const getWorkspaceEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/workspace',
  operationId: 'getWorkspace',
  summary: 'The current workspace',
  tag,
  permission: 'workspace:read',
  response: WorkspaceDto,
  handler: (ctx) => getWorkspace(ctx),
});

export const updateWorkspaceEndpoint = tenantEndpoint({
  method: 'PATCH',
  path: '/workspace',
  operationId: 'updateWorkspace',
  summary: 'Workspace settings: name and slug',
  tag,
  permission: 'settings:manage',
  body: UpdateWorkspaceBody,
  response: WorkspaceDto,
  handler: (ctx, { body }) => updateWorkspace(ctx, body),
});

export const deleteWorkspaceEndpoint = tenantEndpoint({
  method: 'DELETE',
  path: '/workspace',
  operationId: 'deleteWorkspace',
  summary: 'Delete the workspace (owner; confirm with its slug)',
  tag,
  permission: 'workspace:delete',
  body: DeleteWorkspaceBody,
  status: 204,
  handler: (ctx, { body }) => deleteWorkspace(ctx, body),
});
