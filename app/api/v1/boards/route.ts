import { handle } from '@/server/http/handler';
import { listBoardsEndpoint, createBoardEndpoint } from '@/modules/boards';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(listBoardsEndpoint);
export const POST = handle(createBoardEndpoint);
export const { PUT, PATCH, DELETE } = refuseOtherMethods({ GET, POST });
