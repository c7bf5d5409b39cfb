import { handle } from '@/server/http/handler';
import { updateColumnEndpoint, deleteColumnEndpoint } from '@/modules/boards/endpoints';

export const PATCH = handle(updateColumnEndpoint);
export const DELETE = handle(deleteColumnEndpoint);
