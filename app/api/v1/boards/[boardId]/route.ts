import { handle } from '@/server/http/handler';
import { getBoardEndpoint, updateBoardEndpoint, deleteBoardEndpoint } from '@/modules/boards';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(getBoardEndpoint);
export const PATCH = handle(updateBoardEndpoint);
export const DELETE = handle(deleteBoardEndpoint);
export const { POST, PUT } = refuseOtherMethods({ GET, PATCH, DELETE });
