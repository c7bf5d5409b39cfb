import type { TenantContext } from '../../server/context';
import { withTenant } from '../../server/db/tenant';
import { forbidden, notFound } from '../../server/errors';
import { assertCan, can } from '../access/policy';
import { recordAudit } from '../audit/record-audit';
import { findTicket } from '../tickets/repository';
import {
  deleteComment as removeComment,
  findComment,
  insertComment,
  listComments as selectComments,
  type CommentRow,
} from './repository';

const toCommentDto = (row: CommentRow) => ({
  id: row.id,
  ticketId: row.ticketId,
  authorId: row.authorId,
  authorTokenId: row.authorTokenId,
  body: row.body,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export async function listComments(ctx: TenantContext, ticketId: string) {
  assertCan(ctx.role, 'board:read');
  return withTenant(ctx.tenantId, async (tx) => {
    if (!(await findTicket(tx, ticketId))) throw notFound('Ticket');
    return { data: (await selectComments(tx, ticketId)).map(toCommentDto) };
  });
}

export async function createComment(ctx: TenantContext, ticketId: string, body: string) {
  assertCan(ctx.role, 'comment:create');
  return withTenant(ctx.tenantId, async (tx) => {
    if (!(await findTicket(tx, ticketId))) throw notFound('Ticket');
    const row = await insertComment(tx, {
      tenantId: ctx.tenantId,
      ticketId,
      body,
      authorId: ctx.actor.type === 'user' ? ctx.actor.id : null,
      authorTokenId: ctx.actor.type === 'token' ? ctx.actor.id : null,
    });
    const dto = toCommentDto(row);
    await recordAudit(tx, ctx, { action: 'CREATE', resourceType: 'comment', resourceId: row.id, after: dto });
    return dto;
  });
}

export async function deleteComment(ctx: TenantContext, commentId: string) {
  assertCan(ctx.role, 'comment:delete-own');
  await withTenant(ctx.tenantId, async (tx) => {
    const row = await findComment(tx, commentId);
    if (!row) throw notFound('Comment');
    const own =
      (ctx.actor.type === 'user' && row.authorId === ctx.actor.id) ||
      (ctx.actor.type === 'token' && row.authorTokenId === ctx.actor.id);
    if (!own && !can(ctx.role, 'comment:delete-any')) throw forbidden('Only admins can delete other people’s comments');
    await removeComment(tx, commentId);
    await recordAudit(tx, ctx, {
      action: 'DELETE',
      resourceType: 'comment',
      resourceId: commentId,
      before: toCommentDto(row),
    });
  });
}
