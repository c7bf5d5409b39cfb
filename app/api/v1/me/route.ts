import { handle } from '@/server/http/handler';
import { getMeEndpoint } from '@/modules/workspaces';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(getMeEndpoint);
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods({ GET });
