import { handle } from '@/server/http/handler';
import { acceptInvitationEndpoint } from '@/modules/invitations';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const POST = handle(acceptInvitationEndpoint);
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods({ POST });
