// comments: markdown comments on tickets (behind the TICKET_COMMENTS flag).
import 'server-only';
export { listComments } from './list-comments';
export { createComment } from './create-comment';
export { deleteComment } from './delete-comment';
export * from './schemas';
export * from './endpoints';
export * as endpoints from './endpoints';
