import 'server-only';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { cursorSql, isoSql } from '@/server/db/cursor';
import { boards, columns, tickets } from '@/server/db/schema';
import { cardJsonSql } from '@/modules/tickets';
import type { Tx } from '@/server/db/tenant';

export type BoardRow = typeof boards.$inferSelect;
export type ColumnRow = typeof columns.$inferSelect;

export async function listBoards(tx: Tx, includeArchived: boolean): Promise<BoardRow[]> {
  return tx
    .select()
    .from(boards)
    .where(includeArchived ? undefined : isNull(boards.archivedAt))
    .orderBy(asc(boards.createdAt), asc(boards.id))
    .limit(1000);
}

export async function findBoard(tx: Tx, boardId: string, lock = false): Promise<BoardRow | undefined> {
  const query = tx.select().from(boards).where(eq(boards.id, boardId));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

export async function insertBoard(tx: Tx, row: typeof boards.$inferInsert): Promise<BoardRow> {
  const [created] = await tx.insert(boards).values(row).returning();
  return created!;
}

export async function updateBoard(tx: Tx, boardId: string, changes: Partial<BoardRow>): Promise<BoardRow> {
  const [row] = await tx
    .update(boards)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(boards.id, boardId))
    .returning();
  return row!;
}

export async function deleteBoard(tx: Tx, boardId: string): Promise<void> {
  await tx.delete(boards).where(eq(boards.id, boardId));
}

export async function listColumns(tx: Tx, boardId: string): Promise<ColumnRow[]> {
  return tx.select().from(columns).where(eq(columns.boardId, boardId)).orderBy(asc(columns.position), asc(columns.id));
}

export async function findColumn(tx: Tx, columnId: string, lock = false): Promise<ColumnRow | undefined> {
  const query = tx.select().from(columns).where(eq(columns.id, columnId));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

export async function insertColumns(tx: Tx, rows: (typeof columns.$inferInsert)[]): Promise<ColumnRow[]> {
  if (rows.length === 0) return [];
  return tx.insert(columns).values(rows).returning();
}

export async function updateColumn(tx: Tx, columnId: string, changes: Partial<ColumnRow>): Promise<ColumnRow> {
  const [row] = await tx
    .update(columns)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(columns.id, columnId))
    .returning();
  return row!;
}

export async function deleteColumn(tx: Tx, columnId: string): Promise<void> {
  await tx.delete(columns).where(eq(columns.id, columnId));
}

/** The column right after `position` on the board (for placing a column between two). */
export async function nextColumnPosition(tx: Tx, boardId: string, position: string | null): Promise<string | null> {
  const [row] = await tx
    .select({ position: columns.position })
    .from(columns)
    .where(and(eq(columns.boardId, boardId), position === null ? undefined : gt(columns.position, position)))
    .orderBy(asc(columns.position))
    .limit(1);
  return row?.position ?? null;
}

export async function lastColumnPosition(tx: Tx, boardId: string): Promise<string | null> {
  const [row] = await tx
    .select({ position: sql<string>`max(${columns.position})` })
    .from(columns)
    .where(eq(columns.boardId, boardId));
  return row?.position ?? null;
}

// The board view is the hottest read (≈70% of traffic) and its biggest answer (≈90 KB for 250 cards). Postgres
// builds its JSON in ONE statement, and the server passes the text through: no rows to map, no Date objects,
// no JSON.stringify of a large object graph. The text is exactly what JSON.stringify of the DTOs produced before
// (same keys in the same order, compact): see the equivalence test in tests/integration/boards.test.ts.

/**
 * `{"board":…,"columns":[…]}` as JSON text, or undefined when the board is not visible (RLS) or does not exist.
 * Each column carries its active-ticket count, its first `perColumn` active cards in board order and the cursor
 * of the next page. The cards come from a LATERAL index range per column (perColumn + 1 rows), so the cost
 * follows perColumn, not the size of the board.
 */
export async function boardViewJson(tx: Tx, boardId: string, perColumn: number): Promise<string | undefined> {
  const limit = sql`${perColumn}::int`;
  const result = (await tx.execute(sql`
    select
      (select row_to_json(b) from (
        select bo.id, bo.name, bo.description,
          ${isoSql(sql`bo.archived_at`)} as "archivedAt", ${isoSql(sql`bo.created_at`)} as "createdAt", ${isoSql(sql`bo.updated_at`)} as "updatedAt"
      ) b)::text as board,
      coalesce((
        select array_to_json(array_agg(row_to_json(col) order by c.position, c.id))
        from public.columns c
        cross join lateral (
          select
            array_to_json(array_agg(k.card order by k.position, k.id) filter (where k.n <= ${limit})) as list,
            count(*) > ${limit} as more,
            max(${cursorSql(sql`k.position`, sql`k.id`)}) filter (where k.n = ${limit}) as cursor
          from (
            select ${cardJsonSql()} as card, ${tickets.position} as position, ${tickets.id} as id,
              row_number() over (order by ${tickets.position}, ${tickets.id}) as n
            from ${tickets}
            where ${tickets.columnId} = c.id and ${tickets.archivedAt} is null
            order by ${tickets.position}, ${tickets.id}
            limit ${limit} + 1
          ) k
        ) cards
        cross join lateral (
          select c.id, c.board_id as "boardId", c.name, c.position, c.wip_limit as "wipLimit",
            (select count(*) from public.tickets t where t.column_id = c.id and t.archived_at is null)::int as "ticketCount",
            coalesce(cards.list, '[]'::json) as tickets,
            case when cards.more then cards.cursor end as "nextCursor"
        ) col
        where c.board_id = bo.id
      ), '[]'::json)::text as columns
    from public.boards bo
    where bo.id = ${boardId}
  `)) as unknown as { rows: { board: string; columns: string }[] };
  const row = result.rows[0];
  return row ? `{"board":${row.board},"columns":${row.columns}}` : undefined;
}
