import type { TenantContext } from '../../server/context';
import { withTenant } from '../../server/db/tenant';
import { AppError, notFound } from '../../server/errors';
import { assertCan } from '../access/policy';
import { recordAudit } from '../audit/record-audit';
import { findColumn } from '../boards/repository';
import { assertWipRoom } from './create-ticket';
import { toTicketDto } from './dto';
import { positionInColumn } from './placement';
import { deleteTicket as removeTicket, findTicket, updateTicketAtVersion } from './repository';
import { diff, lockAtVersion, staleVersion } from './update-ticket';
import { publishBoardEvent } from '../../server/realtime/publish';

export async function archiveTicket(ctx: TenantContext, ticketId: string, version: number) {
  assertCan(ctx.role, 'ticket:archive');
  return withTenant(ctx.tenantId, async (tx) => {
    const before = await lockAtVersion(tx, ticketId, version);
    if (before.archivedAt) throw new AppError('CONFLICT', 'The ticket is already archived');
    const after = await updateTicketAtVersion(tx, ticketId, version, { archivedAt: new Date() });
    if (!after) throw staleVersion(before);
    await recordAudit(tx, ctx, {
      action: 'ARCHIVE',
      resourceType: 'ticket',
      resourceId: ticketId,
      ...diff(before, after, ['archivedAt']),
    });
    await publishBoardEvent(tx, {
      tenantId: ctx.tenantId,
      boardId: after.boardId,
      kind: 'ticket.archived',
      ticketId,
      version: after.version,
      fromColumnId: after.columnId,
    });
    return toTicketDto(after);
  });
}

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
    return toTicketDto(after);
  });
}

export async function deleteTicket(ctx: TenantContext, ticketId: string) {
  assertCan(ctx.role, 'ticket:delete');
  await withTenant(ctx.tenantId, async (tx) => {
    const before = await findTicket(tx, ticketId, true);
    if (!before) throw notFound('Ticket');
    await removeTicket(tx, ticketId);
    await recordAudit(tx, ctx, {
      action: 'DELETE',
      resourceType: 'ticket',
      resourceId: ticketId,
      before: toTicketDto(before),
    });
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
