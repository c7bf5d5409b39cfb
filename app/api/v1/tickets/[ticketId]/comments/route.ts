import { handle } from '@/server/http/handler';
import { listCommentsEndpoint, createCommentEndpoint } from '@/modules/comments';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(listCommentsEndpoint);
export const POST = handle(createCommentEndpoint);
export const { PUT, PATCH, DELETE } = refuseOtherMethods({ GET, POST });
