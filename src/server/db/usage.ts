import 'server-only';
import { sql } from 'drizzle-orm';
import { usageDaily } from './schema';
import type { Tx } from './tenant';

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
