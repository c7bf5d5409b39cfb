import { handle } from '@/server/http/handler';
import { deleteCommentEndpoint } from '@/modules/comments/endpoints';

export const DELETE = handle(deleteCommentEndpoint);
