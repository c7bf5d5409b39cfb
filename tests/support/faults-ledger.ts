import { superQuery, type FaultPostgres } from './faults-env';

// The client's ledger: every write the server acknowledged with a 2xx, with the values it answered. After the
// fault, the database must hold each of them — the acknowledged values, or (for a ticket written again later)
// the acknowledged version in its audit trail and a newer version in the row. Tickets in the ledger are never
// deleted by the workload (boards that get deleted hold no ledger tickets).

export interface TicketValues {
  id: string;
  version: number;
  title: string;
  columnId: string;
  position: string;
}

export type Ack =
  | { kind: 'ticket.create' | 'ticket.update' | 'ticket.move'; ticket: TicketValues }
  | { kind: 'comment.create'; commentId: string; ticketId: string; body: string }
  | { kind: 'board.create'; boardId: string; columnCount: number }
  | { kind: 'board.delete'; boardId: string };

export interface Ledger {
  acks: Ack[];
  failed: number;
}

export const newLedger = (): Ledger => ({ acks: [], failed: 0 });

export const ticketValues = (dto: {
  id: string;
  version: number;
  title: string;
  columnId: string;
  position: string;
}): TicketValues => ({
  id: dto.id,
  version: dto.version,
  title: dto.title,
  columnId: dto.columnId,
  position: dto.position,
});

export interface LedgerCheck {
  acknowledged: number;
  failed: number;
  verified: number;
  missing: number;
  /** Tickets whose row holds neither its last acknowledged values nor a newer version. */
  rowMismatches: number;
  /** Tickets whose row is newer than their last acknowledged write (an unacknowledged write committed after it). */
  supersededByUnacknowledged: number;
  problems: string[];
}

interface TicketRow {
  id: string;
  version: number;
  title: string;
  column_id: string;
  position: string;
}
interface AuditRow {
  resource_id: string;
  action: string;
  after: Record<string, unknown> | null;
}

export async function checkLedger(db: FaultPostgres, ledger: Ledger): Promise<LedgerCheck> {
  const ticketIds = [...new Set(ledger.acks.flatMap((a) => ('ticket' in a ? [a.ticket.id] : [])))];
  const tickets = new Map(
    (
      await superQuery<TicketRow>(
        db,
        'select id, version, title, column_id, position from tickets where id = any($1::uuid[])',
        [ticketIds],
      )
    ).map((t) => [t.id, t]),
  );
  const audits = await superQuery<AuditRow>(
    db,
    "select resource_id, action, changes->'after' as after from audit_logs where resource_type = 'ticket' and resource_id = any($1::text[])",
    [ticketIds],
  );
  const auditByTicket = new Map<string, AuditRow[]>();
  for (const row of audits) auditByTicket.set(row.resource_id, [...(auditByTicket.get(row.resource_id) ?? []), row]);
  const commentIds = ledger.acks.flatMap((a) => (a.kind === 'comment.create' ? [a.commentId] : []));
  const comments = new Map(
    (
      await superQuery<{ id: string; ticket_id: string; body: string }>(
        db,
        'select id, ticket_id, body from comments where id = any($1::uuid[])',
        [commentIds],
      )
    ).map((c) => [c.id, c]),
  );
  const boardIds = ledger.acks.flatMap((a) =>
    a.kind.startsWith('board.') ? [(a as { boardId: string }).boardId] : [],
  );
  const columnCounts = new Map(
    (
      await superQuery<{ id: string; columns: number }>(
        db,
        'select b.id, (select count(*)::int from columns c where c.board_id = b.id) as columns from boards b where b.id = any($1::uuid[])',
        [boardIds],
      )
    ).map((b) => [b.id, b.columns]),
  );
  const deletedBoards = new Set(ledger.acks.flatMap((a) => (a.kind === 'board.delete' ? [a.boardId] : [])));

  const problems: string[] = [];
  let verified = 0;
  const latest = new Map<string, TicketValues>();
  for (const ack of ledger.acks) {
    const problem = checkAck(ack);
    if (problem) problems.push(problem);
    else verified++;
    if ('ticket' in ack && (latest.get(ack.ticket.id)?.version ?? 0) < ack.ticket.version)
      latest.set(ack.ticket.id, ack.ticket);
  }

  function checkAck(ack: Ack): string | undefined {
    switch (ack.kind) {
      case 'ticket.create':
      case 'ticket.update':
      case 'ticket.move': {
        const { ticket } = ack;
        const row = tickets.get(ticket.id);
        if (!row) return `${ack.kind} ${ticket.id}: ticket missing`;
        if (row.version < ticket.version)
          return `${ack.kind} ${ticket.id}: version ${row.version} < acknowledged ${ticket.version}`;
        const action = { 'ticket.create': 'CREATE', 'ticket.update': 'UPDATE', 'ticket.move': 'MOVE' }[ack.kind];
        const trail = (auditByTicket.get(ticket.id) ?? []).find(
          (a) => a.action === action && Number(a.after?.version) === ticket.version,
        );
        if (!trail) return `${ack.kind} ${ticket.id} v${ticket.version}: no audit row`;
        const fields =
          ack.kind === 'ticket.update'
            ? ['title']
            : ack.kind === 'ticket.move'
              ? ['columnId', 'position']
              : ['title', 'columnId', 'position'];
        for (const field of fields) {
          if (trail.after?.[field] !== ticket[field as keyof TicketValues])
            return `${ack.kind} ${ticket.id} v${ticket.version}: audit ${field} differs`;
        }
        return undefined;
      }
      case 'comment.create': {
        const row = comments.get(ack.commentId);
        if (!row) return `comment ${ack.commentId}: missing`;
        return row.ticket_id === ack.ticketId && row.body === ack.body
          ? undefined
          : `comment ${ack.commentId}: values differ`;
      }
      case 'board.create': {
        if (deletedBoards.has(ack.boardId))
          return columnCounts.has(ack.boardId) ? `board ${ack.boardId}: deleted (acknowledged) but present` : undefined;
        const count = columnCounts.get(ack.boardId);
        if (count === undefined) return `board ${ack.boardId}: missing`;
        return count === ack.columnCount
          ? undefined
          : `board ${ack.boardId}: ${count} columns, acknowledged ${ack.columnCount}`;
      }
      case 'board.delete':
        return columnCounts.has(ack.boardId)
          ? `board ${ack.boardId}: delete acknowledged but the board is there`
          : undefined;
    }
  }

  // The row itself carries the last acknowledged values unless a later, unacknowledged write committed.
  let supersededByUnacknowledged = 0;
  let rowMismatches = 0;
  for (const [id, last] of latest) {
    const row = tickets.get(id);
    if (!row) continue; // already counted as missing
    if (row.version > last.version) {
      supersededByUnacknowledged++;
      continue;
    }
    if (row.title !== last.title || row.column_id !== last.columnId || row.position !== last.position) {
      rowMismatches++;
      problems.push(`ticket ${id} v${row.version}: row differs from the acknowledged values`);
    }
  }
  return {
    acknowledged: ledger.acks.length,
    failed: ledger.failed,
    verified,
    missing: ledger.acks.length - verified,
    rowMismatches,
    supersededByUnacknowledged,
    problems,
  };
}
