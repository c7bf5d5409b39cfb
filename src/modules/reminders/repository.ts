import 'server-only';
import { inArray, sql } from 'drizzle-orm';
import { tickets } from '@/server/db/schema';
import type { Database } from '@/server/db/client';
import type { Tx } from '@/server/db/tenant';

export interface DueTicket {
  tenantId: string;
  ticketId: string;
  assigneeId: string;
  dueDate: string;
}

/**
 * Open, assigned tickets due on or before `today + 1` in every workspace: the housekeeping function
 * (drizzle/*_webhooks.sql), on the job runner's own connection. Ids only.
 */
export async function findDueTickets(db: Database, today: string, limit: number): Promise<DueTicket[]> {
  const result = (await db.execute(
    sql`select tenant_id::text, ticket_id::text, assignee_id, due_date::text from housekeeping.due_tickets(${today}::date, ${limit}::int)`,
  )) as unknown as { rows: { tenant_id: string; ticket_id: string; assignee_id: string; due_date: string }[] };
  return result.rows.map((row) => ({
    tenantId: row.tenant_id,
    ticketId: row.ticket_id,
    assigneeId: row.assignee_id,
    dueDate: row.due_date,
  }));
}

/** The titles of one workspace's tickets, read in its own tenant transaction. */
export async function ticketTitles(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  const rows = await tx.select({ id: tickets.id, title: tickets.title }).from(tickets).where(inArray(tickets.id, ids));
  return new Map(rows.map((row) => [row.id, row.title]));
}
