import { handle } from '@/server/http/handler';
import { createColumnEndpoint } from '@/modules/boards';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const POST = handle(createColumnEndpoint);
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods({ POST });
