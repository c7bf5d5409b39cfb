import { handle } from '@/server/http/handler';
import { listApiTokensEndpoint, createApiTokenEndpoint } from '@/modules/tokens';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(listApiTokensEndpoint);
export const POST = handle(createApiTokenEndpoint);
export const { PUT, PATCH, DELETE } = refuseOtherMethods({ GET, POST });
