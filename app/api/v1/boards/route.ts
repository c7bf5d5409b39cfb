import { handle } from '@/server/http/handler';
import { listBoardsEndpoint, createBoardEndpoint } from '@/modules/boards/endpoints';

export const GET = handle(listBoardsEndpoint);
export const POST = handle(createBoardEndpoint);
