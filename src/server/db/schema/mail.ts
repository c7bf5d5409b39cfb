import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Mail waiting to leave, written in the transaction that decided to send it (an invitation, a sign-up) and
// delivered by the mail.send job (src/server/mail/outbox.ts) outside any request. Not tenant data: no tenant_id, no RLS; the bodies hold
// one-time links, so only the auth role reads the table and a delivered row keeps no body.
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // The template that made it (verify-email, reset-password, invitation…), for logs and metrics.
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body'),
    htmlBody: text('html_body'),
    attempts: integer('attempts').notNull().default(0),
    // next_attempt_at and locked_until served the polling worker the job system replaced: no longer written (the
    // mail.send job holds the schedule); a contract migration drops them.
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).defaultNow().notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    index('mail_outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.sentAt} is null and ${t.failedAt} is null`),
  ],
);

// Where mail goes when the instance has no SMTP server (MAIL_TRANSPORT=log): the dev inbox page reads it.
export const mailDevInbox = pgTable(
  'mail_dev_inbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [index('mail_dev_inbox_to_idx').on(t.toAddress, t.createdAt)],
);
