import { superQuery, type FaultPostgres } from './faults-env';

// What "no partial write" means in this schema, checked across every workspace as the superuser. Each use case
// writes its rows, its audit row and its idempotency answer in one transaction, so after any crash:
//   - every ticket, board and comment has its CREATE audit row, and every CREATE audit row has its row (unless a
//     DELETE audit row — its own, or its board's — says it went);
//   - a board has exactly the columns its CREATE audit row lists (the workload adds no columns later);
//   - a ticket's version is 1 + its UPDATE/MOVE/ARCHIVE/RESTORE audit rows, the last of which names that version,
//     and its column and position are the ones its last placing audit row (CREATE/MOVE/RESTORE) gives;
//   - no two tickets share a position in a column;
//   - every stored idempotency key carries its answer, and a stored 201 ticket answer names a ticket that exists.
// Each query returns offending ids; all must come back empty.

const checks: Record<string, string> = {
  ticketsWithoutCreateAudit: `
    select t.id::text from tickets t
    where not exists (select 1 from audit_logs a where a.resource_type = 'ticket' and a.action = 'CREATE' and a.resource_id = t.id::text)`,
  ticketCreateAuditsWithoutTicket: `
    select a.resource_id from audit_logs a
    where a.resource_type = 'ticket' and a.action = 'CREATE'
      and not exists (select 1 from tickets t where t.id::text = a.resource_id)
      and not exists (select 1 from audit_logs d where d.resource_type = 'ticket' and d.action = 'DELETE' and d.resource_id = a.resource_id)
      and not exists (select 1 from audit_logs d where d.resource_type = 'board' and d.action = 'DELETE' and d.resource_id = a.changes->'after'->>'boardId')`,
  ticketChangeAuditsWithoutTicket: `
    select a.resource_id from audit_logs a
    where a.resource_type = 'ticket' and a.action in ('UPDATE', 'MOVE', 'ARCHIVE', 'RESTORE')
      and not exists (select 1 from tickets t where t.id::text = a.resource_id)
      and not exists (select 1 from audit_logs d where d.resource_type = 'ticket' and d.action = 'DELETE' and d.resource_id = a.resource_id)
      and not exists (
        select 1 from audit_logs c join audit_logs d on d.resource_type = 'board' and d.action = 'DELETE' and d.resource_id = c.changes->'after'->>'boardId'
        where c.resource_type = 'ticket' and c.action = 'CREATE' and c.resource_id = a.resource_id)`,
  ticketVersionsOffTheirAudit: `
    select t.id::text from tickets t
    left join lateral (
      select count(*)::int as changes, max((a.changes->'after'->>'version')::int) as last_version from audit_logs a
      where a.resource_type = 'ticket' and a.resource_id = t.id::text and a.action in ('UPDATE', 'MOVE', 'ARCHIVE', 'RESTORE')
    ) x on true
    where t.version <> 1 + x.changes or t.version <> coalesce(x.last_version, 1)`,
  ticketPlacementsOffTheirAudit: `
    select t.id::text from tickets t
    cross join lateral (
      select a.changes->'after' as after from audit_logs a
      where a.resource_type = 'ticket' and a.resource_id = t.id::text and a.action in ('CREATE', 'MOVE', 'RESTORE')
      order by a.seq desc limit 1
    ) last
    where t.position <> last.after->>'position' or (last.after ? 'columnId' and t.column_id::text <> last.after->>'columnId')`,
  duplicatePositions: `
    select column_id::text || ' ' || position from tickets group by column_id, position having count(*) > 1`,
  boardsWithoutCreateAudit: `
    select b.id::text from boards b
    where not exists (select 1 from audit_logs a where a.resource_type = 'board' and a.action = 'CREATE' and a.resource_id = b.id::text)`,
  boardCreateAuditsWithoutBoard: `
    select a.resource_id from audit_logs a
    where a.resource_type = 'board' and a.action = 'CREATE'
      and not exists (select 1 from boards b where b.id::text = a.resource_id)
      and not exists (select 1 from audit_logs d where d.resource_type = 'board' and d.action = 'DELETE' and d.resource_id = a.resource_id)`,
  deletedBoardsStillThere: `
    select a.resource_id from audit_logs a
    where a.resource_type = 'board' and a.action = 'DELETE'
      and (exists (select 1 from boards b where b.id::text = a.resource_id)
        or exists (select 1 from columns c where c.board_id::text = a.resource_id)
        or exists (select 1 from tickets t where t.board_id::text = a.resource_id))`,
  boardsWithOtherColumnsThanCreated: `
    select b.id::text from boards b
    join audit_logs a on a.resource_type = 'board' and a.action = 'CREATE' and a.resource_id = b.id::text
    where jsonb_array_length(a.changes->'after'->'columns') <> (select count(*) from columns c where c.board_id = b.id)`,
  commentsWithoutCreateAudit: `
    select c.id::text from comments c
    where not exists (select 1 from audit_logs a where a.resource_type = 'comment' and a.action = 'CREATE' and a.resource_id = c.id::text)`,
  commentCreateAuditsWithoutComment: `
    select a.resource_id from audit_logs a
    where a.resource_type = 'comment' and a.action = 'CREATE'
      and not exists (select 1 from comments c where c.id::text = a.resource_id)
      and not exists (select 1 from audit_logs d where d.resource_type = 'comment' and d.action = 'DELETE' and d.resource_id = a.resource_id)
      and exists (select 1 from tickets t where t.id::text = a.changes->'after'->>'ticketId')`,
  idempotencyKeysWithoutAnswer: `
    select key from idempotency_keys where response_status is null`,
  idempotentTicketAnswersWithoutTicket: `
    select k.key from idempotency_keys k
    where k.operation_id = 'createTicket' and k.response_status = 201
      and not exists (select 1 from tickets t where t.id::text = k.response_body::jsonb->>'id')
      and not exists (select 1 from audit_logs d where d.resource_type = 'board' and d.action = 'DELETE' and d.resource_id = k.response_body::jsonb->>'boardId')`,
};

export interface InvariantReport {
  violations: Record<string, string[]>;
  rows: { tickets: number; boards: number; comments: number; auditRows: number; idempotencyKeys: number };
}

export async function checkInvariants(db: FaultPostgres): Promise<InvariantReport> {
  const violations: Record<string, string[]> = {};
  for (const [name, query] of Object.entries(checks)) {
    const found = await superQuery<Record<string, string>>(db, query);
    if (found.length) violations[name] = found.slice(0, 10).map((row) => Object.values(row)[0]!);
  }
  const [rows] = await superQuery<InvariantReport['rows']>(
    db,
    `select (select count(*)::int from tickets) as tickets, (select count(*)::int from boards) as boards, (select count(*)::int from comments) as comments,
            (select count(*)::int from audit_logs) as "auditRows", (select count(*)::int from idempotency_keys) as "idempotencyKeys"`,
  );
  return { violations, rows: rows! };
}
