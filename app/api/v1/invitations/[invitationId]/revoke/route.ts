import { handle } from '@/server/http/handler';
import { revokeInvitationEndpoint } from '@/modules/invitations';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const POST = handle(revokeInvitationEndpoint);
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods({ POST });
