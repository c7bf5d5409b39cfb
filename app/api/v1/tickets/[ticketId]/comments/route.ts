import { handle } from '@/server/http/handler';
import { listCommentsEndpoint, createCommentEndpoint } from '@/modules/comments/endpoints';

export const GET = handle(listCommentsEndpoint);
export const POST = handle(createCommentEndpoint);
