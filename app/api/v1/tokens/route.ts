import { handle } from '@/server/http/handler';
import { listApiTokensEndpoint, createApiTokenEndpoint } from '@/modules/tokens/endpoints';

export const GET = handle(listApiTokensEndpoint);
export const POST = handle(createApiTokenEndpoint);
