import 'server-only';
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { auditLogs } from '@/server/db/schema';
import type { Tx } from '@/server/db/tenant';

export type AuditRow = typeof auditLogs.$inferSelect;
export type NewAuditRow = typeof auditLogs.$inferInsert;

export async function insertAuditRow(tx: Tx, row: NewAuditRow): Promise<void> {
  await tx.insert(auditLogs).values(row);
}

export interface AuditFilter {
  actorId?: string;
  actorType?: 'user' | 'token' | 'system';
  resourceType?: string;
  resourceId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  afterSeq?: number;
  limit: number;
}

export async function findAuditRows(tx: Tx, filter: AuditFilter): Promise<AuditRow[]> {
  const conditions: (SQL | undefined)[] = [
    filter.actorId ? eq(auditLogs.actorId, filter.actorId) : undefined,
    filter.actorType ? eq(auditLogs.actorType, filter.actorType) : undefined,
    filter.resourceType ? eq(auditLogs.resourceType, filter.resourceType) : undefined,
    filter.resourceId ? eq(auditLogs.resourceId, filter.resourceId) : undefined,
    filter.action ? eq(auditLogs.action, filter.action) : undefined,
    filter.from ? gte(auditLogs.createdAt, filter.from) : undefined,
    filter.to ? lte(auditLogs.createdAt, filter.to) : undefined,
    // Newest first; the cursor is the last row's sequence number.
    filter.afterSeq !== undefined ? lt(auditLogs.seq, filter.afterSeq) : undefined,
  ];
  return tx
    .select()
    .from(auditLogs)
    .where(and(...conditions))
    .orderBy(desc(auditLogs.seq))
    .limit(filter.limit);
}
