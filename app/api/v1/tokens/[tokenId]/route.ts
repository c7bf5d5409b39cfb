import { handle } from '@/server/http/handler';
import { revokeApiTokenEndpoint } from '@/modules/tokens/endpoints';

export const DELETE = handle(revokeApiTokenEndpoint);
