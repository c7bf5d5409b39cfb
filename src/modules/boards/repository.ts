import { and, asc, count, eq, gt, isNull, sql } from 'drizzle-orm';
import { boards, columns, tickets } from '../../server/db/schema';
import type { Tx } from '../../server/db/tenant';

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
  const [row] = await tx.update(boards).set({ ...changes, updatedAt: new Date() }).where(eq(boards.id, boardId)).returning();
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
  const [row] = await tx.update(columns).set({ ...changes, updatedAt: new Date() }).where(eq(columns.id, columnId)).returning();
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

/** Active (not archived) tickets per column of a board. */
export async function countTicketsByColumn(tx: Tx, boardId: string): Promise<Map<string, number>> {
  const rows = await tx
    .select({ columnId: tickets.columnId, n: count() })
    .from(tickets)
    .where(and(eq(tickets.boardId, boardId), isNull(tickets.archivedAt)))
    .groupBy(tickets.columnId);
  return new Map(rows.map((r) => [r.columnId, Number(r.n)]));
}

export async function countTicketsInColumn(tx: Tx, columnId: string, includeArchived = false): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(tickets)
    .where(and(eq(tickets.columnId, columnId), includeArchived ? undefined : isNull(tickets.archivedAt)));
  return Number(row?.n ?? 0);
}
