import type { CommentRow } from './repository';

export const toCommentDto = (row: CommentRow) => ({
  id: row.id,
  ticketId: row.ticketId,
  authorId: row.authorId,
  authorTokenId: row.authorTokenId,
  body: row.body,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
