import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { assertCan } from '@/modules/access';
import { publishBoardEvent } from '@/server/realtime/publish';
import { recordAudit } from '@/modules/audit';
import { assertTicketExists } from '@/modules/tickets';
import { insertComment } from './repository';
import { toCommentDto } from './dto';
import { emitWebhookEvent } from '@/modules/webhooks';

export async function createComment(ctx: TenantContext, ticketId: string, body: string) {
  assertCan(ctx.role, 'comment:create');
  return withTenant(ctx.tenantId, async (tx) => {
    const ticket = await assertTicketExists(tx, ticketId);
    const row = await insertComment(tx, {
      tenantId: ctx.tenantId,
      ticketId,
      body,
      authorId: ctx.actor.type === 'user' ? ctx.actor.id : null,
      authorTokenId: ctx.actor.type === 'token' ? ctx.actor.id : null,
    });
    const dto = toCommentDto(row);
    await recordAudit(tx, ctx, { action: 'CREATE', resourceType: 'comment', resourceId: row.id, after: dto });
    // Boards showing the ticket refresh its card: the comment count changed.
    await publishBoardEvent(tx, { tenantId: ctx.tenantId, kind: 'ticket.commented', ticketId, ...ticket });
    await emitWebhookEvent(tx, ctx.tenantId, 'comment.created', dto);
    return dto;
  });
}
