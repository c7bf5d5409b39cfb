import 'server-only';
import { and, arrayOverlaps, asc, desc, eq, lt, or, sql } from 'drizzle-orm';
import { usageDaily, webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints } from '@/server/db/schema';
import type { Database } from '@/server/db/client';
import type { Tx } from '@/server/db/tenant';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookDeliveryAttempts.$inferSelect;

export async function insertEndpoint(tx: Tx, row: typeof webhookEndpoints.$inferInsert): Promise<EndpointRow> {
  const [created] = await tx.insert(webhookEndpoints).values(row).returning();
  return created!;
}

export async function listEndpoints(tx: Tx): Promise<EndpointRow[]> {
  return tx.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
}

export async function findEndpoint(tx: Tx, id: string, lock = false): Promise<EndpointRow | undefined> {
  const query = tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

export async function updateEndpoint(
  tx: Tx,
  id: string,
  changes: Partial<typeof webhookEndpoints.$inferInsert>,
): Promise<EndpointRow | undefined> {
  const [row] = await tx
    .update(webhookEndpoints)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  return row;
}

export async function deleteEndpoint(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx
    .delete(webhookEndpoints)
    .where(eq(webhookEndpoints.id, id))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** Enabled endpoints subscribed to one of these patterns (the event, its family, '*'). */
export async function findSubscribers(tx: Tx, patterns: string[]): Promise<{ id: string }[]> {
  return tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.enabled, true), arrayOverlaps(webhookEndpoints.events, patterns)));
}

export async function insertDeliveries(tx: Tx, rows: (typeof webhookDeliveries.$inferInsert)[]): Promise<void> {
  if (rows.length) await tx.insert(webhookDeliveries).values(rows);
}

export async function findDelivery(
  tx: Tx,
  endpointId: string,
  id: string,
  lock = false,
): Promise<DeliveryRow | undefined> {
  const query = tx
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.endpointId, endpointId)));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

/** A delivery with its endpoint, locked for the attempt's bookkeeping. */
export async function findDeliveryTarget(
  tx: Tx,
  id: string,
): Promise<{ delivery: DeliveryRow; endpoint: EndpointRow } | undefined> {
  const [row] = await tx
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(
      webhookEndpoints,
      and(
        eq(webhookEndpoints.tenantId, webhookDeliveries.tenantId),
        eq(webhookEndpoints.id, webhookDeliveries.endpointId),
      ),
    )
    .where(eq(webhookDeliveries.id, id));
  return row;
}

export async function listDeliveries(
  tx: Tx,
  endpointId: string,
  options: { status?: DeliveryRow['status']; limit: number; before?: { createdAt: Date; id: string } },
): Promise<DeliveryRow[]> {
  const conditions = [eq(webhookDeliveries.endpointId, endpointId)];
  if (options.status) conditions.push(eq(webhookDeliveries.status, options.status));
  if (options.before)
    conditions.push(
      or(
        lt(webhookDeliveries.createdAt, options.before.createdAt),
        and(eq(webhookDeliveries.createdAt, options.before.createdAt), lt(webhookDeliveries.id, options.before.id)),
      )!,
    );
  return tx
    .select()
    .from(webhookDeliveries)
    .where(and(...conditions))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(options.limit);
}

export async function updateDelivery(
  tx: Tx,
  id: string,
  changes: Partial<typeof webhookDeliveries.$inferInsert>,
): Promise<DeliveryRow | undefined> {
  const [row] = await tx
    .update(webhookDeliveries)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(webhookDeliveries.id, id))
    .returning();
  return row;
}

/** Locks a delivery row for its attempt's bookkeeping and returns how many attempts it has recorded. */
export async function lockDeliveryAttempts(tx: Tx, id: string): Promise<number | undefined> {
  const [row] = await tx
    .select({ attempts: webhookDeliveries.attempts })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.id, id))
    .for('update');
  return row?.attempts;
}

export async function insertAttempt(tx: Tx, row: typeof webhookDeliveryAttempts.$inferInsert): Promise<void> {
  await tx.insert(webhookDeliveryAttempts).values(row);
}

export async function listAttempts(tx: Tx, deliveryId: string): Promise<AttemptRow[]> {
  return tx
    .select()
    .from(webhookDeliveryAttempts)
    .where(eq(webhookDeliveryAttempts.deliveryId, deliveryId))
    .orderBy(asc(webhookDeliveryAttempts.attempt), asc(webhookDeliveryAttempts.startedAt));
}

/** Counts a delivery in the workspace's usage for today (UTC). */
export async function countDeliveryUsage(tx: Tx, tenantId: string): Promise<void> {
  await tx
    .insert(usageDaily)
    .values({ tenantId, day: sql`(now() at time zone 'utc')::date`, webhookDeliveries: 1 })
    .onConflictDoUpdate({
      target: [usageDaily.tenantId, usageDaily.day],
      set: { webhookDeliveries: sql`${usageDaily.webhookDeliveries} + 1`, updatedAt: sql`now()` },
    });
}

/**
 * Retention, across every workspace: the housekeeping function (drizzle/*_webhooks.sql) on the job runner's own
 * connection — never in a tenant transaction.
 */
export async function deleteOldDeliveries(db: Database, days: number, limit: number): Promise<number> {
  const result = (await db.execute(
    sql`select housekeeping.delete_old_webhook_deliveries(${days}::int, ${limit}::int) as n`,
  )) as unknown as { rows: { n: unknown }[] };
  return Number(result.rows[0]?.n ?? 0);
}
