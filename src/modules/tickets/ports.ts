import 'server-only';
import type { Tx } from '@/server/db/tenant';
import { notFound } from '@/server/errors';
import { countTicketsInColumn, findTicket } from './repository';

// What other modules may ask of tickets inside their own tenant transaction (comments, boards). The repository
// stays private: these are the only ticket reads another module makes.

/** 404 unless the ticket exists in the current tenant (comments hang off tickets); where it is on its board. */
export async function assertTicketExists(tx: Tx, ticketId: string): Promise<{ boardId: string; columnId: string }> {
  const row = await findTicket(tx, ticketId);
  if (!row) throw notFound('Ticket');
  return { boardId: row.boardId, columnId: row.columnId };
}

/** Tickets in a column: active ones, or all of them with `includeArchived` (a column with any cannot go). */
export { countTicketsInColumn };
