import { handle } from '@/server/http/handler';
import { listInvitationsEndpoint, createInvitationEndpoint } from '@/modules/invitations';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(listInvitationsEndpoint);
export const POST = handle(createInvitationEndpoint);
export const { PUT, PATCH, DELETE } = refuseOtherMethods({ GET, POST });
