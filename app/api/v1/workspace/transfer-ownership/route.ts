import { handle } from '@/server/http/handler';
import { transferOwnershipEndpoint } from '@/modules/members/endpoints';

export const POST = handle(transferOwnershipEndpoint);
