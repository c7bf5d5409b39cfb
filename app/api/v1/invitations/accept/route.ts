import { handle } from '@/server/http/handler';
import { acceptInvitationEndpoint } from '@/modules/invitations/endpoints';

export const POST = handle(acceptInvitationEndpoint);
