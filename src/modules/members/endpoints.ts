import 'server-only';
import { tenantEndpoint } from '@/server/http/endpoint';
import { ChangeRoleBody, MemberDto, MemberList, MemberParams, TransferOwnershipBody } from './schemas';
import { listMembers } from './list-members';
import { changeMemberRole } from './change-member-role';
import { removeMember } from './remove-member';
import { leaveWorkspace } from './leave-workspace';
import { transferOwnership } from './transfer-ownership';

const tag = 'Members';

export const listMembersEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/members',
  operationId: 'listMembers',
  summary: 'Members of the workspace',
  tag,
  permission: 'member:read',
  response: MemberList,
  handler: (ctx) => listMembers(ctx),
});

export const changeMemberRoleEndpoint = tenantEndpoint({
  method: 'PATCH',
  path: '/members/{userId}',
  operationId: 'changeMemberRole',
  summary: "Change a member's role",
  tag,
  permission: 'member:manage',
  params: MemberParams,
  body: ChangeRoleBody,
  response: MemberDto,
  handler: (ctx, { params, body }) => changeMemberRole(ctx, params.userId, body.role),
});

export const removeMemberEndpoint = tenantEndpoint({
  method: 'DELETE',
  path: '/members/{userId}',
  operationId: 'removeMember',
  summary: 'Remove a member (their tickets become unassigned)',
  tag,
  permission: 'member:manage',
  params: MemberParams,
  status: 204,
  handler: (ctx, { params }) => removeMember(ctx, params.userId),
});

export const leaveWorkspaceEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/workspace/leave',
  operationId: 'leaveWorkspace',
  summary: 'Leave the workspace (not the owner)',
  tag: 'Workspaces',
  permission: 'workspace:leave',
  status: 204,
  handler: (ctx) => leaveWorkspace(ctx),
});

export const transferOwnershipEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/workspace/transfer-ownership',
  operationId: 'transferOwnership',
  summary: 'Make another member the owner; you become admin',
  tag: 'Workspaces',
  permission: 'ownership:transfer',
  body: TransferOwnershipBody,
  status: 204,
  handler: (ctx, { body }) => transferOwnership(ctx, body.userId),
});
