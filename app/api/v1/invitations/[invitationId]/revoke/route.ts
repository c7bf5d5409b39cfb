import { handle } from '@/server/http/handler';
import { revokeInvitationEndpoint } from '@/modules/invitations/endpoints';

export const POST = handle(revokeInvitationEndpoint);
