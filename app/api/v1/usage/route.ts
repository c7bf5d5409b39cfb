import { handle } from '@/server/http/handler';
import { getUsageEndpoint } from '@/modules/usage/endpoints';

export const GET = handle(getUsageEndpoint);
