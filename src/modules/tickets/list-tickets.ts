import 'server-only';
import type { z } from 'zod';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { assertCan } from '@/modules/access';
import { assertNotKilled } from '@/server/flags';
import { decodeCursor, invalidCursor, page } from '@/server/db/cursor';
import { toTicketDto } from './dto';
import { countComments, findTickets } from './repository';
import type { TicketListQuery } from './schemas';

export async function listTickets(ctx: TenantContext, query: z.infer<typeof TicketListQuery>) {
  assertCan(ctx.role, 'board:read');
  // Text search is the expensive filter: the operator can switch it off during an incident.
  if (query.q) await assertNotKilled('KILL_SWITCH_SEARCH', ctx, 'Text search');
  const boardOrder = query.columnId !== undefined;
  const cursor = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : undefined;
  if (cursor && !isCursorKey(cursor, boardOrder)) throw invalidCursor();
  const after = cursor
    ? boardOrder
      ? { position: String(cursor[0]), id: String(cursor[1]) }
      : { createdAt: new Date(String(cursor[0])), id: String(cursor[1]) }
    : undefined;
  const { rows, counts } = await withTenant(ctx.tenantId, async (tx) => {
    const found = await findTickets(tx, { ...query, after, limit: query.limit + 1 });
    return {
      rows: found,
      counts: await countComments(
        tx,
        found.slice(0, query.limit).map((row) => row.id),
      ),
    };
  });
  const result = page(rows, query.limit, (row) => [boardOrder ? row.position : row.createdAt.toISOString(), row.id]);
  return {
    data: result.data.map((row) => toTicketDto({ ...row, commentCount: counts.get(row.id) ?? 0 })),
    nextCursor: result.nextCursor,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isCursorKey([first, id]: (string | number)[], boardOrder: boolean): boolean {
  if (!UUID.test(String(id))) return false;
  return boardOrder ? String(first).length <= 1024 : !Number.isNaN(new Date(String(first)).getTime());
}
