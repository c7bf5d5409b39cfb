import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toTicketDto } from './dto';
import { countCommentsOf, deleteTicket as removeTicket, findTicket } from './repository';
import { publishBoardEvent } from '@/server/realtime/publish';
import { emitWebhookEvent } from '@/modules/webhooks';

export async function deleteTicket(ctx: TenantContext, ticketId: string) {
  assertCan(ctx.role, 'ticket:delete');
  await withTenant(ctx.tenantId, async (tx) => {
    const before = await findTicket(tx, ticketId, true);
    if (!before) throw notFound('Ticket');
    await removeTicket(tx, ticketId);
    const dto = toTicketDto({ ...before, commentCount: await countCommentsOf(tx, ticketId) });
    await recordAudit(tx, ctx, { action: 'DELETE', resourceType: 'ticket', resourceId: ticketId, before: dto });
    await emitWebhookEvent(tx, ctx.tenantId, 'ticket.deleted', dto);
    // An archived ticket is not on the board any more: only an active one leaves its column.
    await publishBoardEvent(tx, {
      tenantId: ctx.tenantId,
      boardId: before.boardId,
      kind: 'ticket.deleted',
      ticketId,
      ...(before.archivedAt ? {} : { fromColumnId: before.columnId }),
    });
  });
}
