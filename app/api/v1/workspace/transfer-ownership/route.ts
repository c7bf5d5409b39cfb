import { handle } from '@/server/http/handler';
import { transferOwnershipEndpoint } from '@/modules/members';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const POST = handle(transferOwnershipEndpoint);
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods({ POST });
