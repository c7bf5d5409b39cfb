import 'server-only';
import { and, asc, gte, lte } from 'drizzle-orm';
import { usageDaily } from '@/server/db/schema';
import type { Tx } from '@/server/db/tenant';

export type UsageRow = typeof usageDaily.$inferSelect;

export async function findUsage(tx: Tx, from: string, to: string): Promise<UsageRow[]> {
  return tx
    .select()
    .from(usageDaily)
    .where(and(gte(usageDaily.day, from), lte(usageDaily.day, to)))
    .orderBy(asc(usageDaily.day));
}
