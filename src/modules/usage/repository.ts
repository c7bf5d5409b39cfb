import 'server-only';
import { and, asc, gte, lte } from 'drizzle-orm';
import { usageDaily, usageMonthly } from '@/server/db/schema';
import type { Tx } from '@/server/db/tenant';

export type UsageRow = typeof usageDaily.$inferSelect;
export type UsageMonthRow = typeof usageMonthly.$inferSelect;

export async function findUsage(tx: Tx, from: string, to: string): Promise<UsageRow[]> {
  return tx
    .select()
    .from(usageDaily)
    .where(and(gte(usageDaily.day, from), lte(usageDaily.day, to)))
    .orderBy(asc(usageDaily.day));
}

/** Months (rolled up by housekeeping) that overlap [from, to]: their first day ≤ to and their last ≥ from. */
export async function findMonthlyUsage(tx: Tx, from: string, to: string): Promise<UsageMonthRow[]> {
  const firstOfFromMonth = `${from.slice(0, 7)}-01`;
  return tx
    .select()
    .from(usageMonthly)
    .where(and(gte(usageMonthly.month, firstOfFromMonth), lte(usageMonthly.month, to)))
    .orderBy(asc(usageMonthly.month));
}
