import { handle } from '@/server/http/handler';
import { listFlagsEndpoint, updateFlagsEndpoint } from '@/modules/flags/endpoints';

export const GET = handle(listFlagsEndpoint);
export const PUT = handle(updateFlagsEndpoint);
