import 'server-only';
import {
  and,
  asc,
  count,
  desc,
  eq,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  gte,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { isoSql } from '@/server/db/cursor';
import { columns, comments, tickets } from '@/server/db/schema';
import { ticketCardFields, type TicketCardField } from '@/shared/ticket-card';
import type { Tx } from '@/server/db/tenant';

export type TicketRow = typeof tickets.$inferSelect;
export type NewTicket = typeof tickets.$inferInsert;
export type ColumnRow = typeof columns.$inferSelect;

/** The column a ticket goes into; locking it serialises every insert and move into it (positions, WIP counts). */
export async function findColumn(tx: Tx, columnId: string, lock = false): Promise<ColumnRow | undefined> {
  const query = tx.select().from(columns).where(eq(columns.id, columnId));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

export async function countTicketsInColumn(tx: Tx, columnId: string, includeArchived = false): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(tickets)
    .where(and(eq(tickets.columnId, columnId), includeArchived ? undefined : isNull(tickets.archivedAt)));
  return Number(row?.n ?? 0);
}

export async function findTicket(tx: Tx, ticketId: string, lock = false): Promise<TicketRow | undefined> {
  const query = tx.select().from(tickets).where(eq(tickets.id, ticketId));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

export async function insertTicket(tx: Tx, row: NewTicket): Promise<TicketRow> {
  const [created] = await tx.insert(tickets).values(row).returning();
  return created!;
}

/** Writes only when the version still matches; undefined means someone changed it first. */
export async function updateTicketAtVersion(
  tx: Tx,
  ticketId: string,
  version: number,
  changes: Partial<TicketRow>,
): Promise<TicketRow | undefined> {
  const [row] = await tx
    .update(tickets)
    .set({ ...changes, version: version + 1, updatedAt: new Date() })
    .where(and(eq(tickets.id, ticketId), eq(tickets.version, version)))
    .returning();
  return row;
}

export async function deleteTicket(tx: Tx, ticketId: string): Promise<void> {
  await tx.delete(tickets).where(eq(tickets.id, ticketId));
}

type Neighbour = { id: string; position: string };

export async function findActiveInColumn(tx: Tx, columnId: string, ticketId: string): Promise<Neighbour | undefined> {
  const [row] = await tx
    .select({ id: tickets.id, position: tickets.position })
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), eq(tickets.columnId, columnId), isNull(tickets.archivedAt)));
  return row;
}

/** The nearest active ticket after (or before) a position in a column, skipping `exclude` (the one moving). */
export async function adjacentPosition(
  tx: Tx,
  columnId: string,
  from: Neighbour | null,
  direction: 'after' | 'before',
  exclude?: string,
): Promise<string | null> {
  const key = sql`(${tickets.position}, ${tickets.id})`;
  const bound = from
    ? direction === 'after'
      ? sql`${key} > (${from.position} COLLATE "C", ${from.id}::uuid)`
      : sql`${key} < (${from.position} COLLATE "C", ${from.id}::uuid)`
    : undefined;
  const [row] = await tx
    .select({ position: tickets.position })
    .from(tickets)
    .where(
      and(
        eq(tickets.columnId, columnId),
        isNull(tickets.archivedAt),
        exclude ? ne(tickets.id, exclude) : undefined,
        bound,
      ),
    )
    .orderBy(
      direction === 'after' ? asc(tickets.position) : desc(tickets.position),
      direction === 'after' ? asc(tickets.id) : desc(tickets.id),
    )
    .limit(1);
  return row?.position ?? null;
}

export interface TicketFilter {
  boardId?: string;
  columnId?: string;
  assigneeId?: string;
  label?: string;
  priority?: TicketRow['priority'];
  q?: string;
  archived: boolean;
  dueBefore?: string;
  dueAfter?: string;
  /** Board order (position, id) when columnId is set; newest first (created_at, id) otherwise. */
  after?: { position: string; id: string } | { createdAt: Date; id: string };
  limit: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function findTickets(tx: Tx, filter: TicketFilter): Promise<TicketRow[]> {
  const boardOrder = filter.columnId !== undefined;
  const conditions: (SQL | undefined)[] = [
    filter.boardId ? eq(tickets.boardId, filter.boardId) : undefined,
    filter.columnId ? eq(tickets.columnId, filter.columnId) : undefined,
    filter.assigneeId ? eq(tickets.assigneeId, filter.assigneeId) : undefined,
    filter.label ? sql`${filter.label} = any(${tickets.labels})` : undefined,
    filter.priority ? eq(tickets.priority, filter.priority) : undefined,
    filter.q
      ? or(ilike(tickets.title, `%${escapeLike(filter.q)}%`), ilike(tickets.description, `%${escapeLike(filter.q)}%`))
      : undefined,
    filter.archived ? isNotNull(tickets.archivedAt) : isNull(tickets.archivedAt),
    filter.dueBefore ? lte(tickets.dueDate, filter.dueBefore) : undefined,
    filter.dueAfter ? gte(tickets.dueDate, filter.dueAfter) : undefined,
  ];
  if (filter.after && 'position' in filter.after) {
    conditions.push(
      sql`(${tickets.position}, ${tickets.id}) > (${filter.after.position} COLLATE "C", ${filter.after.id}::uuid)`,
    );
  } else if (filter.after) {
    const { createdAt, id } = filter.after;
    conditions.push(or(lt(tickets.createdAt, createdAt), and(eq(tickets.createdAt, createdAt), lt(tickets.id, id))));
  }
  return tx
    .select()
    .from(tickets)
    .where(and(...conditions))
    .orderBy(...(boardOrder ? [asc(tickets.position), asc(tickets.id)] : [desc(tickets.createdAt), desc(tickets.id)]))
    .limit(filter.limit);
}

/** A ticket's comments, counted per ticket (every ticket asked for is in the map, 0 when it has none). */
export async function countComments(tx: Tx, ticketIds: string[]): Promise<Map<string, number>> {
  const counts = new Map(ticketIds.map((id) => [id, 0]));
  if (ticketIds.length === 0) return counts;
  const rows = await tx
    .select({ ticketId: comments.ticketId, n: count() })
    .from(comments)
    .where(inArray(comments.ticketId, ticketIds))
    .groupBy(comments.ticketId);
  for (const row of rows) counts.set(row.ticketId, Number(row.n));
  return counts;
}

/** One ticket's comment count. */
export async function countCommentsOf(tx: Tx, ticketId: string): Promise<number> {
  return (await countComments(tx, [ticketId])).get(ticketId) ?? 0;
}

// A ticket card (src/shared/ticket-card.ts) for the database: the columns it reads, the comment count it derives
// and the JSON Postgres builds for the board view. A card field without a column or expression here fails to
// compile. The count reads comments_ticket_idx (tenant, ticket, …): a short index range per card shown.
const commentCountSql = sql`(select count(*) from ${comments} where ${comments.tenantId} = ${tickets.tenantId} and ${comments.ticketId} = ${tickets.id})::int`;
const cardColumns = {
  id: tickets.id,
  boardId: tickets.boardId,
  columnId: tickets.columnId,
  title: tickets.title,
  priority: tickets.priority,
  assigneeId: tickets.assigneeId,
  labels: tickets.labels,
  dueDate: tickets.dueDate,
  position: tickets.position,
  version: tickets.version,
  archivedAt: tickets.archivedAt,
  updatedAt: tickets.updatedAt,
  commentCount: commentCountSql,
} satisfies Record<TicketCardField, PgColumn | SQL>;

/** A ticket with its comment count: what a card or a ticket is made from. */
export type CountedTicketRow = TicketRow & { commentCount: number };
export type TicketCardRow = Pick<CountedTicketRow, TicketCardField>;

/**
 * The card as a JSON object built by Postgres, keys in wire order, timestamps as Date#toISOString() prints them:
 * the same text JSON.stringify(toTicketSummaryDto(row)) gives (tests/integration/boards.test.ts checks it).
 * References "tickets" unaliased: use it in a query over the tickets table.
 */
export function cardJsonSql(): SQL {
  const pairs = ticketCardFields.map((field) => {
    const column: PgColumn | SQL = cardColumns[field];
    const value =
      'columnType' in column && column.columnType === 'PgTimestamp' ? isoSql(sql`${column}`) : sql`${column}`;
    return sql`${value} as ${sql.raw(`"${field}"`)}`;
  });
  // row_to_json, not json_build_object: the latter prints "key" : value with spaces, unlike JSON.stringify.
  return sql`(select row_to_json(card) from (select ${sql.join(pairs, sql`, `)}) card)`;
}
