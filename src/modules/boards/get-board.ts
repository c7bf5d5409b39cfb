import type { TenantContext } from '../../server/context';
import { withTenant } from '../../server/db/tenant';
import { notFound } from '../../server/errors';
import { assertCan } from '../access/policy';
import { encodeCursor } from '../shared/cursor';
import { toTicketSummaryDto } from '../tickets/dto';
import { firstTicketsPerColumn, type TicketSummaryRow } from '../tickets/repository';
import { toBoardDto, toColumnDto } from './dto';
import { countTicketsByColumn, findBoard, listColumns } from './repository';

/**
 * The board screen in one request: columns in order, each with its count and first page of cards.
 * A 10,000-ticket board sends a few hundred cards, not ten thousand; columns page on from nextCursor.
 */
export async function getBoardView(ctx: TenantContext, boardId: string, perColumn: number) {
  assertCan(ctx.role, 'board:read');
  return withTenant(ctx.tenantId, async (tx) => {
    const board = await findBoard(tx, boardId);
    if (!board) throw notFound('Board');
    const columnRows = await listColumns(tx, boardId);
    const counts = await countTicketsByColumn(tx, boardId);
    const byColumn = new Map<string, TicketSummaryRow[]>();
    for (const row of await firstTicketsPerColumn(tx, boardId, perColumn)) {
      const list = byColumn.get(row.columnId);
      if (list) list.push(row);
      else byColumn.set(row.columnId, [row]);
    }
    return {
      board: toBoardDto(board),
      columns: columnRows.map((column) => {
        const rows = byColumn.get(column.id) ?? [];
        const visible = rows.slice(0, perColumn);
        const last = visible[visible.length - 1];
        return {
          ...toColumnDto(column, counts.get(column.id) ?? 0),
          tickets: visible.map(toTicketSummaryDto),
          nextCursor: rows.length > perColumn && last ? encodeCursor([last.position, last.id]) : null,
        };
      }),
    };
  });
}

/** For subscriptions (live updates): the caller may read this board of their workspace, or it is a 404. */
export async function assertBoardReadable(ctx: TenantContext, boardId: string): Promise<void> {
  assertCan(ctx.role, 'board:read');
  const board = await withTenant(ctx.tenantId, (tx) => findBoard(tx, boardId));
  if (!board) throw notFound('Board');
}
