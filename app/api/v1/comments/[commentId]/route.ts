import { handle } from '@/server/http/handler';
import { deleteCommentEndpoint } from '@/modules/comments';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const DELETE = handle(deleteCommentEndpoint);
export const { GET, POST, PUT, PATCH } = refuseOtherMethods({ DELETE });
