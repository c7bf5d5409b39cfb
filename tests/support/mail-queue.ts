import { sql } from 'drizzle-orm';
import { getDb } from '../../src/server/db/client';

/**
 * Nothing is due in the mail queue after this: mails still waiting are given up and their mail.send jobs removed.
 * Tests that count what a drain did call it first, so the count is their own mail only — suites share a database,
 * and every sign-up queues a verification mail (CI once saw 104 sign-up notices counted as one test's mail).
 */
export async function settleMailQueue(): Promise<void> {
  const db = await getDb();
  await db.execute(sql`update mail_outbox set failed_at = now() where sent_at is null and failed_at is null`);
  await db.execute(sql`delete from pgboss.job where name = 'mail.send' and state in ('created', 'retry')`);
}
