import { handle } from '@/server/http/handler';
import { getMeEndpoint } from '@/modules/workspaces/endpoints';

export const GET = handle(getMeEndpoint);
