import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { AppError, notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toTicketDto } from './dto';
import { positionInColumn } from './placement';
import { assertWipRoom, diff, lockAtVersion, staleVersion } from './guards';
import { findColumn, findTicket, updateTicketAtVersion, countCommentsOf } from './repository';
import { publishBoardEvent } from '@/server/realtime/publish';
import { emitWebhookEvent } from '@/modules/webhooks';

/** Back to the end of its column, if the column has room. */
export async function restoreTicket(ctx: TenantContext, ticketId: string, version: number) {
  assertCan(ctx.role, 'ticket:archive');
  return withTenant(ctx.tenantId, async (tx) => {
    const current = await findTicket(tx, ticketId);
    if (!current) throw notFound('Ticket');
    const column = await findColumn(tx, current.columnId, true);
    const before = await lockAtVersion(tx, ticketId, version);
    if (!before.archivedAt) throw new AppError('CONFLICT', 'The ticket is not archived');
    await assertWipRoom(tx, column!);
    const position = await positionInColumn(tx, before.columnId, {}, ticketId);
    const after = await updateTicketAtVersion(tx, ticketId, version, { archivedAt: null, position });
    if (!after) throw staleVersion(before);
    await recordAudit(tx, ctx, {
      action: 'RESTORE',
      resourceType: 'ticket',
      resourceId: ticketId,
      ...diff(before, after, ['archivedAt', 'position']),
    });
    await publishBoardEvent(tx, {
      tenantId: ctx.tenantId,
      boardId: after.boardId,
      kind: 'ticket.restored',
      ticketId,
      version: after.version,
      columnId: after.columnId,
    });
    const dto = toTicketDto({ ...after, commentCount: await countCommentsOf(tx, ticketId) });
    await emitWebhookEvent(tx, ctx.tenantId, 'ticket.restored', dto);
    return dto;
  });
}
