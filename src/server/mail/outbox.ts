import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { env } from '../env';
import { logger } from '../logger';
import { metrics } from '../metrics';
import { getDb, type Database } from '../db/client';
import type { Tx } from '../db/tenant';
import { defineJob, enqueueJob, PermanentJobError, runQueuedJobs } from '../jobs';
import { deliver, MailDeliveryError } from './transport';
import type { OutgoingMail } from './transport';
import {
  deleteFinishedMails,
  insertOutboxMail,
  markMailFailed,
  markMailSent,
  recordMailAttempt,
  recordMailError,
} from './repository';

// Mail leaves through the job system (docs/jobs.md, docs/mail.md): queueMail writes the mail to the outbox table
// and a `mail.send` job about it, both in the caller's transaction, so a rolled-back change sends nothing and a
// committed one is never lost. The job carries only the mail's id — the bodies, with their one-time links, stay
// in mail_outbox, which only the auth role reads, and are wiped once the mail is sent or given up. Retries,
// backoff with jitter, timeouts, the dead-letter state, metrics and the operator's `npm run jobs` are the job
// system's; which process sends is TIKA_ROLE's (the app by default, the worker when there is one).

/** Whether this server can deliver mail at all (SMTP, or the log + dev inbox). */
export function mailAvailable(): boolean {
  return env().mailTransport !== 'off';
}

/** Delivery attempts of one mail: MAIL_MAX_ATTEMPTS in all, 30 s apart at first, doubling, at most an hour. */
const mailRetry = () => ({ limit: Math.max(0, env().MAIL_MAX_ATTEMPTS - 1), delaySeconds: 30, maxDelaySeconds: 3600 });

export const sendMailJob = defineJob<{ mailId: string }>({
  name: 'mail.send',
  description: 'Delivers one queued mail (SMTP, or the dev inbox without SMTP_URL); retried with backoff',
  data: z.object({ mailId: z.uuid() }),
  retry: mailRetry,
  // nodemailer gives up after 10 s to connect, 10 s for the greeting and 20 s of silence.
  timeoutSeconds: 60,
  concurrency: 4,
  handler: ({ mailId }) => sendOutboxMail(mailId),
});

export const pruneMailOutboxJob = defineJob<Record<string, never>>({
  name: 'mail.prune-outbox',
  description: 'Deletes sent and given-up mails older than 7 days from the outbox (they keep no body already)',
  data: z.object({}).strict(),
  schedule: '40 3 * * *',
  retry: { limit: 3, delaySeconds: 60 },
  timeoutSeconds: 300,
  handler: async () => ({ deleted: await deleteFinishedMails(new Date(Date.now() - KEEP_FINISHED_MS)) }),
});

const KEEP_FINISHED_MS = 7 * 24 * 3_600_000;

/**
 * Queues one mail. With `tx`, the mail and its delivery job are part of that transaction (sent only if the change
 * commits); without, they commit together on their own. Returns false, and queues nothing, when mail is off on
 * this server: callers whose flow cannot work without mail check mailAvailable() first and tell the user.
 */
export async function queueMail(mail: OutgoingMail, options: { tx?: Tx | Database } = {}): Promise<boolean> {
  if (!mailAvailable()) {
    logger.warn({ mail: { kind: mail.kind } }, 'mail not queued: mail is off on this server (set SMTP_URL)');
    return false;
  }
  const write = async (tx: Tx | Database) => {
    // The id is made here: a tenant transaction may add to the outbox but not read it back (no RETURNING).
    const id = randomUUID();
    await insertOutboxMail(tx, {
      id,
      kind: mail.kind,
      toAddress: mail.to,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
    });
    await enqueueJob(tx as Tx, sendMailJob, { mailId: id }, { id });
  };
  if (options.tx) await write(options.tx);
  else await (await getDb()).transaction(write);
  return true;
}

type SendResult = 'sent' | 'gone';

/** One attempt at one mail: the mail.send job's handler. Idempotent: a mail sent or given up is not sent again. */
export async function sendOutboxMail(mailId: string): Promise<{ result: SendResult }> {
  const row = await recordMailAttempt(mailId);
  // Deleted, already sent, or given up: a repeated job (at-least-once) sends nothing twice.
  if (!row) return { result: 'gone' };
  const m = metrics().mailDeliveries;
  try {
    await deliver({
      kind: row.kind,
      to: row.toAddress,
      subject: row.subject,
      text: row.textBody ?? '',
      html: row.htmlBody ?? '',
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof MailDeliveryError && error.permanent;
    if (permanent || row.attempts >= env().MAIL_MAX_ATTEMPTS) {
      await markMailFailed(row.id, message);
      m.inc({ kind: row.kind, result: 'failed' });
      logger.error({ mail: { id: row.id, kind: row.kind, attempts: row.attempts }, err: { message } }, 'mail given up');
      throw new PermanentJobError(message);
    }
    await recordMailError(row.id, message);
    m.inc({ kind: row.kind, result: 'retry' });
    logger.warn(
      { mail: { id: row.id, kind: row.kind, attempts: row.attempts }, err: { message } },
      'mail delivery failed; the job system retries it',
    );
    throw error;
  }
  await markMailSent(row.id);
  m.inc({ kind: row.kind, result: 'sent' });
  return { result: 'sent' };
}

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Runs the mail.send jobs that are due now in this process instead of waiting for a worker's next poll (tests, a
 * process with TIKA_ROLE=web that must flush): the same handler, retries and dead-lettering as the workers.
 */
export async function drainMailOutbox(): Promise<DrainResult> {
  const summary = await runQueuedJobs(sendMailJob, 1_000);
  const sent = summary.outputs.filter((output) => (output as { result?: string })?.result === 'sent').length;
  return { sent, retried: summary.failed, failed: summary.dead };
}
