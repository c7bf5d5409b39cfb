import 'server-only';
import type { z } from 'zod';
import { decodeCursor, page } from '@/server/db/cursor';
import type { Tx } from '@/server/db/tenant';
import type { AuditResource } from './record-audit';
import { findAuditRows, type AuditRow } from './repository';
import type { TicketActivityDto } from './schemas';

export function toActivityDto(row: AuditRow): z.infer<typeof TicketActivityDto> {
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
 * One resource's history, newest first, without the request metadata (IP, user agent) that only admins see in
 * the full audit log. Runs in the caller's tenant transaction: the owning module checks the resource first.
 */
export async function readResourceHistory(
  tx: Tx,
  resource: { type: AuditResource; id: string },
  query: { limit: number; cursor?: string },
) {
  const after = query.cursor ? decodeCursor(query.cursor, ['number']) : undefined;
  const rows = await findAuditRows(tx, {
    resourceType: resource.type,
    resourceId: resource.id,
    afterSeq: after ? Number(after[0]) : undefined,
    limit: query.limit + 1,
  });
  const result = page(rows, query.limit, (row) => [row.seq]);
  return { data: result.data.map(toActivityDto), nextCursor: result.nextCursor };
}
