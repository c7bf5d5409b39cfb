import { handle } from '@/server/http/handler';
import { listInvitationsEndpoint, createInvitationEndpoint } from '@/modules/invitations/endpoints';

export const GET = handle(listInvitationsEndpoint);
export const POST = handle(createInvitationEndpoint);
