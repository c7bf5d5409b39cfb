import 'server-only';
import { z } from 'zod';
import { roles } from '@/modules/access';

export const InvitationDto = z
  .object({
    id: z.uuid(),
    email: z.string().nullable(),
    role: z.enum(roles),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    expiresAt: z.string(),
    createdAt: z.string(),
    acceptedBy: z.string().nullable(),
  })
  .meta({ id: 'Invitation' });
export const CreatedInvitationDto = InvitationDto.extend({
  token: z.string().describe('Shown once. Share the URL with the invitee.'),
  url: z.string(),
  emailSent: z
    .boolean()
    .describe('Whether the link was also mailed to the invited address (mail is set up and an email was given)'),
}).meta({ id: 'CreatedInvitation' });
export const InvitationList = z.object({ data: z.array(InvitationDto) }).meta({ id: 'InvitationList' });
export const CreateInvitationBody = z
  .object({
    email: z.email().max(254).optional().describe('When set, only this address can accept'),
    role: z.enum(['admin', 'member', 'viewer']),
    expiresInDays: z.number().int().min(1).max(30).default(7),
  })
  .meta({ id: 'CreateInvitationBody' });
export const InvitationParams = z.object({ invitationId: z.uuid() });
export const AcceptInvitationBody = z
  .object({ token: z.string().min(1).max(200) })
  .meta({ id: 'AcceptInvitationBody' });

export const InvitationPreviewDto = z
  .object({
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    role: z.enum(['owner', 'admin', 'member', 'viewer']),
    workspace: z.object({ name: z.string(), slug: z.string() }),
    expiresAt: z.string(),
    canAccept: z
      .boolean()
      .describe('Pending, the signed-in user is not a member yet, and has verified the address it is bound to'),
    reason: z.enum(['already-member', 'email-not-verified']).nullable(),
  })
  .meta({ id: 'InvitationPreview' });
