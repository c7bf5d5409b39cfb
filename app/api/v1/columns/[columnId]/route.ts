import { handle } from '@/server/http/handler';
import { updateColumnEndpoint, deleteColumnEndpoint } from '@/modules/boards';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const PATCH = handle(updateColumnEndpoint);
export const DELETE = handle(deleteColumnEndpoint);
export const { GET, POST, PUT } = refuseOtherMethods({ PATCH, DELETE });
