import { handle } from '@/server/http/handler';
import { listFlagsEndpoint, updateFlagsEndpoint } from '@/modules/flags';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(listFlagsEndpoint);
export const PUT = handle(updateFlagsEndpoint);
export const { POST, PATCH, DELETE } = refuseOtherMethods({ GET, PUT });
