import { handle } from '@/server/http/handler';
import { getBoardEndpoint, updateBoardEndpoint, deleteBoardEndpoint } from '@/modules/boards/endpoints';

export const GET = handle(getBoardEndpoint);
export const PATCH = handle(updateBoardEndpoint);
export const DELETE = handle(deleteBoardEndpoint);
