import 'server-only';
import { z } from 'zod';
import { tenantEndpoint, userEndpoint } from '@/server/http/endpoint';
import { WorkspaceDto } from '@/modules/workspaces';
import { roles } from '@/modules/access';
import {
  AcceptInvitationBody,
  CreateInvitationBody,
  CreatedInvitationDto,
  InvitationDto,
  InvitationList,
  InvitationParams,
  InvitationPreviewDto,
} from './schemas';
import { createInvitation } from './create-invitation';
import { listInvitations } from './list-invitations';
import { revokeInvitation } from './revoke-invitation';
import { acceptInvitation } from './accept-invitation';
import { previewInvitation } from './preview-invitation';

const tag = 'Invitations';

export const listInvitationsEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/invitations',
  operationId: 'listInvitations',
  summary: 'Invitations of the workspace',
  tag,
  permission: 'invitation:manage',
  response: InvitationList,
  handler: (ctx) => listInvitations(ctx),
});

export const createInvitationEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/invitations',
  operationId: 'createInvitation',
  summary: 'Invite by link with a role; the link is shown once',
  tag,
  permission: 'invitation:manage',
  body: CreateInvitationBody,
  response: CreatedInvitationDto,
  status: 201,
  handler: (ctx, { body }) => createInvitation(ctx, body),
});

export const revokeInvitationEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/invitations/{invitationId}/revoke',
  operationId: 'revokeInvitation',
  summary: 'Revoke a pending invitation',
  tag,
  permission: 'invitation:manage',
  params: InvitationParams,
  response: InvitationDto,
  handler: (ctx, { params }) => revokeInvitation(ctx, params.invitationId),
});

export const previewInvitationEndpoint = userEndpoint({
  method: 'POST',
  path: '/invitations/preview',
  operationId: 'previewInvitation',
  summary: 'What an invitation leads to, and whether the signed-in user can accept it (session only)',
  tag,
  body: AcceptInvitationBody,
  response: InvitationPreviewDto,
  errors: [403, 404], // bound to another email address; unknown token
  // Like accepting: a verification done a moment ago counts.
  freshSession: true,
  handler: (ctx, { body }) => previewInvitation(ctx, body.token),
});

export const acceptInvitationEndpoint = userEndpoint({
  method: 'POST',
  path: '/invitations/accept',
  operationId: 'acceptInvitation',
  summary: 'Accept an invitation as the signed-in user (session only)',
  tag,
  body: AcceptInvitationBody,
  response: z.object({ workspace: WorkspaceDto, role: z.enum(roles) }).meta({ id: 'AcceptedInvitation' }),
  // 403 FORBIDDEN: bound to another email address; 403 EMAIL_NOT_VERIFIED: bound to this one, not verified yet.
  errors: [403, 404],
  // Verification may have happened a moment ago: the cookie's cached copy of the user would not know yet.
  freshSession: true,
  handler: (ctx, { body }) => acceptInvitation(ctx, body.token),
});
