import { handle } from '@/server/http/handler';
import { revokeApiTokenEndpoint } from '@/modules/tokens';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const DELETE = handle(revokeApiTokenEndpoint);
export const { GET, POST, PUT, PATCH } = refuseOtherMethods({ DELETE });
