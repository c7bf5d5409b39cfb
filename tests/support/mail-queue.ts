import { sql } from 'drizzle-orm';
import { getAuthDb, getDb } from '../../src/server/db/client';

/**
 * Nothing is due in the mail queue after this: mails still waiting are given up and their mail.send jobs removed.
 * Tests that count what a drain did call it first, so the count is their own mail only — suites share a database,
 * and every sign-up queues a verification mail (CI once saw 104 sign-up notices counted as one test's mail).
 */
export async function settleMailQueue(): Promise<void> {
  // The outbox is the auth library's (its own login role on a server, DATABASE_AUTH_URL); the queue is tika_jobs'.
  const auth = await getAuthDb();
  await auth.execute(sql`update mail_outbox set failed_at = now() where sent_at is null and failed_at is null`);
  const db = await getDb();
  await db.execute(sql`delete from pgboss.job where name = 'mail.send' and state in ('created', 'retry')`);
}

/** The outbox row of the mail to `to` (read as the auth library, whose table it is). */
export async function outboxRow(to: string): Promise<Record<string, unknown> | undefined> {
  const auth = await getAuthDb();
  const result = (await auth.execute(sql`select * from mail_outbox where to_address = ${to}`)) as unknown as {
    rows: Record<string, unknown>[];
  };
  return result.rows[0];
}

/** The mail's delivery job (job id = mail id): its state, attempts and when it may run next. */
export async function mailJob(to: string): Promise<Record<string, unknown> | undefined> {
  const mail = await outboxRow(to);
  if (!mail) return undefined;
  const db = await getDb();
  const result = (await db.execute(sql`
    select state, retry_count, start_after from pgboss.job
    where name = 'mail.send' and id = ${String(mail.id)}::uuid`)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows[0];
}

/** A retried job waits for its backoff: tests move it to now instead of waiting. */
export async function makeMailJobDue(to: string): Promise<void> {
  const mail = await outboxRow(to);
  if (!mail) throw new Error(`no mail to ${to} in the outbox`);
  const db = await getDb();
  await db.execute(
    sql`update pgboss.job set start_after = now() where name = 'mail.send' and id = ${String(mail.id)}::uuid`,
  );
}
