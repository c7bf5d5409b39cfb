import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { AppError, notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toTicketDto } from './dto';
import { positionInColumn, type Placement } from './placement';
import { assertWipRoom, diff, lockAtVersion, staleVersion } from './guards';
import { findColumn, updateTicketAtVersion, countCommentsOf } from './repository';
import { publishBoardEvent } from '@/server/realtime/publish';
import { emitWebhookEvent } from '@/modules/webhooks';

export interface MoveTicketInput extends Placement {
  version: number;
  columnId: string;
}

export async function moveTicket(ctx: TenantContext, ticketId: string, input: MoveTicketInput) {
  assertCan(ctx.role, 'ticket:move');
  return withTenant(ctx.tenantId, async (tx) => {
    const target = await findColumn(tx, input.columnId, true);
    if (!target) throw notFound('Column');
    const before = await lockAtVersion(tx, ticketId, input.version);
    if (before.archivedAt) throw new AppError('CONFLICT', 'Restore the ticket before moving it');
    if (target.boardId !== before.boardId) {
      throw new AppError('VALIDATION_FAILED', 'Tickets move between columns of their own board', {
        fields: [{ path: 'body.columnId', message: 'Column is on another board', code: 'other_board' }],
      });
    }
    if (target.id !== before.columnId) await assertWipRoom(tx, target);
    const position = await positionInColumn(tx, target.id, input, ticketId);
    const after = await updateTicketAtVersion(tx, ticketId, input.version, { columnId: target.id, position });
    if (!after) throw staleVersion(before);
    await recordAudit(tx, ctx, {
      action: 'MOVE',
      resourceType: 'ticket',
      resourceId: ticketId,
      ...diff(before, after, ['columnId', 'position']),
    });
    await publishBoardEvent(tx, {
      tenantId: ctx.tenantId,
      boardId: after.boardId,
      kind: 'ticket.moved',
      ticketId,
      version: after.version,
      columnId: after.columnId,
      fromColumnId: before.columnId,
    });
    const dto = toTicketDto({ ...after, commentCount: await countCommentsOf(tx, ticketId) });
    await emitWebhookEvent(tx, ctx.tenantId, 'ticket.moved', dto);
    return dto;
  });
}
