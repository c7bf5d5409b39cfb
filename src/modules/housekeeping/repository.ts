import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/server/db/client';

// The sweeps are SECURITY DEFINER functions (drizzle/*_housekeeping.sql) that only tika_jobs may execute: they run on the
// process's own connection (the runtime login role, which holds tika_jobs), never in a tenant transaction.
// Each call is one autocommitted batch.

async function count(db: Database, query: ReturnType<typeof sql>): Promise<number> {
  const result = (await db.execute(query)) as unknown as { rows: { n: unknown }[] };
  return Number(result.rows[0]?.n ?? 0);
}

export const purgeAuditLogs = (
  db: Database,
  daysByPlan: Record<string, number>,
  deletedWorkspaceDays: number,
  limit: number,
  run: string,
) =>
  count(
    db,
    sql`select housekeeping.purge_audit_logs(${JSON.stringify(daysByPlan)}::jsonb, ${deletedWorkspaceDays}::int, ${limit}::int, ${run}) as n`,
  );

export const rollupUsage = (db: Database, keepDailyDays: number, keepMonths: number, run: string) =>
  count(db, sql`select housekeeping.rollup_usage(${keepDailyDays}::int, ${keepMonths}::int, ${run}) as n`);

export const deleteDeadInvitations = (db: Database, graceDays: number, limit: number, run: string) =>
  count(db, sql`select housekeeping.delete_dead_invitations(${graceDays}::int, ${limit}::int, ${run}) as n`);

export const deleteExpiredIdempotencyKeys = (db: Database, hours: number, limit: number) =>
  count(db, sql`select housekeeping.delete_expired_idempotency_keys(${hours}::int, ${limit}::int) as n`);

export const deleteExpiredSessions = (db: Database, limit: number) =>
  count(db, sql`select housekeeping.delete_expired_sessions(${limit}::int) as n`);
