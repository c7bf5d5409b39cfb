import 'server-only';
import type { z } from 'zod';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { assertCan } from '@/modules/access';
import { assertNotKilled } from '@/server/flags';
import { decodeCursor, page } from '@/server/db/cursor';
import { findAuditRows, type AuditRow } from './repository';
import type { AuditEntryDto, AuditQuery } from './schemas';

export function toAuditDto(row: AuditRow): z.infer<typeof AuditEntryDto> {
  return {
    id: row.id,
    actorType: row.actorType,
    actorId: row.actorId,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    changes: row.changes,
    ip: row.ip,
    userAgent: row.userAgent,
    requestId: row.requestId,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listAuditLog(ctx: TenantContext, query: z.infer<typeof AuditQuery>) {
  assertCan(ctx.role, 'audit:read');
  await assertNotKilled('KILL_SWITCH_AUDIT_LOG', ctx, 'The audit-log listing');
  const after = query.cursor ? decodeCursor(query.cursor, ['number']) : undefined;
  const rows = await withTenant(ctx.tenantId, (tx) =>
    findAuditRows(tx, {
      ...query,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      afterSeq: after ? Number(after[0]) : undefined,
      limit: query.limit + 1,
    }),
  );
  const result = page(rows, query.limit, (row) => [row.seq]);
  return { data: result.data.map(toAuditDto), nextCursor: result.nextCursor };
}
