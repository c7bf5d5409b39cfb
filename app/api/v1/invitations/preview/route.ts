import { handle } from '@/server/http/handler';
import { previewInvitationEndpoint } from '@/modules/invitations';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const POST = handle(previewInvitationEndpoint);
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods({ POST });
