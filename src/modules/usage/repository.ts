import { and, asc, gte, lte, sql } from 'drizzle-orm';
import { usageDaily } from '../../server/db/schema';
import type { Tx } from '../../server/db/tenant';

export type UsageRow = typeof usageDaily.$inferSelect;

/** Adds calls to a workspace's day (one statement for a whole flush of that workspace). */
export async function addUsage(tx: Tx, rows: { tenantId: string; day: string; apiCalls: number }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(usageDaily)
    .values(rows)
    .onConflictDoUpdate({
      target: [usageDaily.tenantId, usageDaily.day],
      set: { apiCalls: sql`${usageDaily.apiCalls} + excluded.api_calls`, updatedAt: sql`now()` },
    });
}

export async function findUsage(tx: Tx, from: string, to: string): Promise<UsageRow[]> {
  return tx
    .select()
    .from(usageDaily)
    .where(and(gte(usageDaily.day, from), lte(usageDaily.day, to)))
    .orderBy(asc(usageDaily.day));
}
