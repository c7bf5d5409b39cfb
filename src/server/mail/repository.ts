import 'server-only';
import { and, desc, eq, lt, or, isNotNull, sql } from 'drizzle-orm';
import { getAuthDb, type Database } from '../db/client';
import { mailDevInbox, mailOutbox } from '../db/schema';
import type { Tx } from '../db/tenant';

// The queue is the auth library's: its own login role reads and updates it (DATABASE_AUTH_URL; docs/security.md).
// Tenant transactions only add to it, through the tx they pass in.

export type OutboxRow = typeof mailOutbox.$inferSelect;
export type DevInboxRow = typeof mailDevInbox.$inferSelect;
type Executor = Database | Tx;

/** Queued in the caller's transaction when there is one: the mail exists exactly when the change committed. */
export async function insertOutboxMail(
  executor: Executor | undefined,
  row: { kind: string; toAddress: string; subject: string; textBody: string; htmlBody: string },
): Promise<void> {
  await (executor ?? (await getAuthDb())).insert(mailOutbox).values(row);
}

/** Claims up to `limit` due mails for this worker (others skip them) and counts the attempt. */
export async function claimDueMails(limit: number, leaseMs: number): Promise<OutboxRow[]> {
  const db = await getAuthDb();
  const result = (await db.execute(sql`
    update mail_outbox set attempts = attempts + 1, locked_until = now() + ${`${leaseMs} milliseconds`}::interval
    where id in (
      select id from mail_outbox
      where sent_at is null and failed_at is null and next_attempt_at <= now()
        and (locked_until is null or locked_until < now())
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    returning id, kind, to_address, subject, text_body, html_body, attempts`)) as unknown as {
    rows: Record<string, unknown>[];
  };
  return result.rows.map((row) => ({
    id: String(row.id),
    kind: String(row.kind),
    toAddress: String(row.to_address),
    subject: String(row.subject),
    textBody: (row.text_body as string | null) ?? null,
    htmlBody: (row.html_body as string | null) ?? null,
    attempts: Number(row.attempts),
    nextAttemptAt: new Date(),
    lockedUntil: null,
    sentAt: null,
    failedAt: null,
    lastError: null,
    createdAt: new Date(),
  }));
}

// A delivered or abandoned mail keeps who, what and when — not the body with its one-time link.
export async function markMailSent(id: string): Promise<void> {
  const db = await getAuthDb();
  await db
    .update(mailOutbox)
    .set({ sentAt: new Date(), lockedUntil: null, lastError: null, textBody: null, htmlBody: null })
    .where(eq(mailOutbox.id, id));
}

export async function markMailFailed(id: string, error: string): Promise<void> {
  const db = await getAuthDb();
  await db
    .update(mailOutbox)
    .set({ failedAt: new Date(), lockedUntil: null, lastError: error, textBody: null, htmlBody: null })
    .where(eq(mailOutbox.id, id));
}

export async function scheduleMailRetry(id: string, error: string, at: Date): Promise<void> {
  const db = await getAuthDb();
  await db
    .update(mailOutbox)
    .set({ nextAttemptAt: at, lockedUntil: null, lastError: error })
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
