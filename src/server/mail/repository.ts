import 'server-only';
import { and, desc, eq, lt, or, isNotNull, isNull, sql } from 'drizzle-orm';
import { getAuthDb, type Database } from '../db/client';
import { mailDevInbox, mailOutbox } from '../db/schema';
import type { Tx } from '../db/tenant';

// The queue is the auth library's: its own login role reads and updates it (DATABASE_AUTH_URL; docs/security.md),
// so the mail.send job reads a mail through that pool. Writers only add to it, in their own transaction: a tenant
// transaction (tika_app may INSERT) or the runtime role's, together with the job (queueMail).

export type OutboxRow = typeof mailOutbox.$inferSelect;
export type DevInboxRow = typeof mailDevInbox.$inferSelect;
type Executor = Database | Tx;

/** Queued in the caller's transaction when there is one: the mail exists exactly when the change committed. */
export async function insertOutboxMail(
  executor: Executor,
  row: { id: string; kind: string; toAddress: string; subject: string; textBody: string; htmlBody: string },
): Promise<void> {
  await executor.insert(mailOutbox).values(row);
}

/** Counts an attempt at a mail still waiting and returns it; undefined when it is gone, sent or given up. */
export async function recordMailAttempt(id: string): Promise<OutboxRow | undefined> {
  const db = await getAuthDb();
  const [row] = await db
    .update(mailOutbox)
    .set({ attempts: sql`${mailOutbox.attempts} + 1` })
    .where(and(eq(mailOutbox.id, id), isNull(mailOutbox.sentAt), isNull(mailOutbox.failedAt)))
    .returning();
  return row;
}

export async function recordMailError(id: string, error: string): Promise<void> {
  const db = await getAuthDb();
  await db.update(mailOutbox).set({ lastError: error }).where(eq(mailOutbox.id, id));
}

// A delivered or abandoned mail keeps who, what and when — not the body with its one-time link.
export async function markMailSent(id: string): Promise<void> {
  const db = await getAuthDb();
  await db
    .update(mailOutbox)
    .set({ sentAt: new Date(), lastError: null, textBody: null, htmlBody: null })
    .where(eq(mailOutbox.id, id));
}

export async function markMailFailed(id: string, error: string): Promise<void> {
  const db = await getAuthDb();
  await db
    .update(mailOutbox)
    .set({ failedAt: new Date(), lastError: error, textBody: null, htmlBody: null })
    .where(eq(mailOutbox.id, id));
}

export async function findOutboxMail(id: string): Promise<OutboxRow | undefined> {
  const db = await getAuthDb();
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
  return row;
}

/** Mails still waiting (or being retried), for health and tests. */
export async function countPendingMails(): Promise<number> {
  const db = await getAuthDb();
  const result = (await db.execute(
    sql`select count(*)::int as n from mail_outbox where sent_at is null and failed_at is null`,
  )) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]?.n ?? 0);
}

/** Finished rows older than the cut-off go: the outbox is a queue, not an archive. */
export async function deleteFinishedMails(before: Date): Promise<number> {
  const db = await getAuthDb();
  const deleted = await db
    .delete(mailOutbox)
    .where(and(or(isNotNull(mailOutbox.sentAt), isNotNull(mailOutbox.failedAt)), lt(mailOutbox.createdAt, before)))
    .returning({ id: mailOutbox.id });
  return deleted.length;
}

export async function insertDevInboxMail(row: typeof mailDevInbox.$inferInsert): Promise<void> {
  const db = await getAuthDb();
  await db.insert(mailDevInbox).values(row);
}

export async function listDevInbox(filter: { toAddress?: string; limit: number }): Promise<DevInboxRow[]> {
  const db = await getAuthDb();
  return db
    .select()
    .from(mailDevInbox)
    .where(filter.toAddress ? sql`lower(${mailDevInbox.toAddress}) = lower(${filter.toAddress})` : undefined)
    .orderBy(desc(mailDevInbox.createdAt))
    .limit(filter.limit);
}

export async function findDevInboxMail(id: string): Promise<DevInboxRow | undefined> {
  const db = await getAuthDb();
  const [row] = await db.select().from(mailDevInbox).where(eq(mailDevInbox.id, id));
  return row;
}
