import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { forbidden, notFound } from '@/server/errors';
import { assertCan, can } from '@/modules/access';
import { publishBoardEvent } from '@/server/realtime/publish';
import { recordAudit } from '@/modules/audit';
import { assertTicketExists } from '@/modules/tickets';
import { deleteComment as removeComment, findComment } from './repository';
import { toCommentDto } from './dto';
import { emitWebhookEvent } from '@/modules/webhooks';

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
    const ticket = await assertTicketExists(tx, row.ticketId);
    await publishBoardEvent(tx, {
      tenantId: ctx.tenantId,
      kind: 'ticket.commented',
      ticketId: row.ticketId,
      ...ticket,
    });
    await emitWebhookEvent(tx, ctx.tenantId, 'comment.deleted', toCommentDto(row));
  });
}
