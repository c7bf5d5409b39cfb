import { handle } from '@/server/http/handler';
import { getUsageEndpoint } from '@/modules/usage';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(getUsageEndpoint);
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods({ GET });
