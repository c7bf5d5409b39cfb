import 'server-only';
import { tenantEndpoint } from '@/server/http/endpoint';
import { TicketParams } from '@/modules/tickets';
import { CommentDto, CommentList, CommentParams, CreateCommentBody } from './schemas';
import { listComments } from './list-comments';
import { createComment } from './create-comment';
import { deleteComment } from './delete-comment';

const tag = 'Comments';

export const listCommentsEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/tickets/{ticketId}/comments',
  operationId: 'listComments',
  summary: "A ticket's comments, oldest first",
  tag,
  permission: 'board:read',
  flag: 'TICKET_COMMENTS',
  params: TicketParams,
  response: CommentList,
  handler: (ctx, { params }) => listComments(ctx, params.ticketId),
});

export const createCommentEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/tickets/{ticketId}/comments',
  operationId: 'createComment',
  summary: 'Comment on a ticket',
  tag,
  permission: 'comment:create',
  flag: 'TICKET_COMMENTS',
  params: TicketParams,
  body: CreateCommentBody,
  response: CommentDto,
  status: 201,
  handler: (ctx, { params, body }) => createComment(ctx, params.ticketId, body.body),
});

export const deleteCommentEndpoint = tenantEndpoint({
  method: 'DELETE',
  path: '/comments/{commentId}',
  operationId: 'deleteComment',
  summary: 'Delete a comment (your own; admins any)',
  tag,
  permission: 'comment:delete-own',
  flag: 'TICKET_COMMENTS',
  params: CommentParams,
  status: 204,
  handler: (ctx, { params }) => deleteComment(ctx, params.commentId),
});
