import type { z } from 'zod';
import type { TenantContext } from '../../server/context';
import { withTenant } from '../../server/db/tenant';
import { notFound } from '../../server/errors';
import { assertCan } from '../access/policy';
import { decodeCursor, page } from '../shared/cursor';
import { findTicket } from '../tickets/repository';
import { findAuditRows, type AuditRow } from './repository';
import type { TicketActivityDto } from './schemas';

export function toTicketActivityDto(row: AuditRow): z.infer<typeof TicketActivityDto> {
  return {
    id: row.id,
    actorType: row.actorType,
    actorId: row.actorId,
    action: row.action,
    changes: row.changes,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * A ticket's history for everyone who can read the board: the audit rows of that one ticket, newest first,
 * without the request metadata (IP, user agent) that only admins see in the full audit log.
 */
export async function listTicketActivity(
  ctx: TenantContext,
  ticketId: string,
  query: { limit: number; cursor?: string },
) {
  assertCan(ctx.role, 'board:read');
  const after = query.cursor ? decodeCursor(query.cursor, ['number']) : undefined;
  const rows = await withTenant(ctx.tenantId, async (tx) => {
    if (!(await findTicket(tx, ticketId))) throw notFound('Ticket');
    return findAuditRows(tx, {
      resourceType: 'ticket',
      resourceId: ticketId,
      afterSeq: after ? Number(after[0]) : undefined,
      limit: query.limit + 1,
    });
  });
  const result = page(rows, query.limit, (row) => [row.seq]);
  return { data: result.data.map(toTicketActivityDto), nextCursor: result.nextCursor };
}
