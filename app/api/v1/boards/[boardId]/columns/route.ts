import { handle } from '@/server/http/handler';
import { createColumnEndpoint } from '@/modules/boards/endpoints';

export const POST = handle(createColumnEndpoint);
