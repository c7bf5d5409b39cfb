import 'server-only';
import { env } from '../env';
import { logger } from '../logger';
import { metrics } from '../metrics';
import type { Tx } from '../db/tenant';
import type { Database } from '../db/client';
import { deliver, MailDeliveryError, type OutgoingMail } from './transport';
import {
  claimDueMails,
  deleteFinishedMails,
  insertOutboxMail,
  markMailFailed,
  markMailSent,
  scheduleMailRetry,
  type OutboxRow,
} from './repository';

// The mail queue: an outbox table written in the caller's transaction and drained by a worker in this process
// (several replicas share it safely: claims skip rows another worker holds). Sending never happens inside a
// request's transaction, and a mail server that is down delays mail instead of failing the request.
// The job system (issue #17) replaces the drain loop; queueMail() stays the one door for everyone who sends mail.

const BATCH = 5;
const LEASE_MS = 120_000;
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 3_600_000;
const KEEP_FINISHED_MS = 7 * 24 * 3_600_000;

/** Whether this server can deliver mail at all (SMTP, or the log + dev inbox). */
export function mailAvailable(): boolean {
  return env().mailTransport !== 'off';
}

/**
 * Queues one mail. With `tx`, the mail is part of that transaction (it is sent only if the change commits).
 * Returns false, and queues nothing, when mail is off on this server: callers whose flow cannot work without
 * mail check mailAvailable() first and tell the user.
 */
export async function queueMail(mail: OutgoingMail, options: { tx?: Tx | Database } = {}): Promise<boolean> {
  if (!mailAvailable()) {
    logger.warn({ mail: { kind: mail.kind } }, 'mail not queued: mail is off on this server (set SMTP_URL)');
    return false;
  }
  await insertOutboxMail(options.tx, {
    kind: mail.kind,
    toAddress: mail.to,
    subject: mail.subject,
    textBody: mail.text,
    htmlBody: mail.html,
  });
  // In a transaction the row appears at commit; the poll picks it up if this nudge comes too early.
  nudge(options.tx ? 300 : 0);
  return true;
}

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
}

/** Delivers every mail that is due now (repeating until none is left). Safe to call from several places. */
export async function drainMailOutbox(): Promise<DrainResult> {
  const total: DrainResult = { sent: 0, retried: 0, failed: 0 };
  for (;;) {
    const batch = await claimDueMails(BATCH, LEASE_MS);
    if (!batch.length) return total;
    const results = await Promise.all(batch.map(sendOne));
    for (const result of results) total[result]++;
  }
}

async function sendOne(row: OutboxRow): Promise<keyof DrainResult> {
  const m = metrics().mailDeliveries;
  try {
    await deliver({
      kind: row.kind,
      to: row.toAddress,
      subject: row.subject,
      text: row.textBody ?? '',
      html: row.htmlBody ?? '',
    });
    await markMailSent(row.id);
    m.inc({ kind: row.kind, result: 'sent' });
    return 'sent';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof MailDeliveryError && error.permanent;
    if (permanent || row.attempts >= env().MAIL_MAX_ATTEMPTS) {
      await markMailFailed(row.id, message);
      m.inc({ kind: row.kind, result: 'failed' });
      logger.error({ mail: { id: row.id, kind: row.kind, attempts: row.attempts }, err: { message } }, 'mail given up');
      return 'failed';
    }
    const delay = Math.min(RETRY_BASE_MS * 2 ** (row.attempts - 1), RETRY_MAX_MS) * (0.75 + Math.random() / 2);
    await scheduleMailRetry(row.id, message, new Date(Date.now() + delay));
    m.inc({ kind: row.kind, result: 'retry' });
    logger.warn(
      { mail: { id: row.id, kind: row.kind, attempts: row.attempts, retryInMs: Math.round(delay) }, err: { message } },
      'mail delivery failed; will retry',
    );
    return 'retried';
  }
}

// ── The in-process worker ───────────────────────────────────────────────────────────────────────────────────
interface Worker {
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  again: boolean;
  lastCleanup: number;
}
const workerKey = Symbol.for('tika.mail.worker');
const worker = (): Worker | undefined => (globalThis as { [workerKey]?: Worker })[workerKey];

function runOnce(state: Worker): Promise<void> {
  if (state.running) {
    state.again = true;
    return state.running;
  }
  state.running = (async () => {
    do {
      state.again = false;
      try {
        await drainMailOutbox();
        if (Date.now() - state.lastCleanup > 3_600_000) {
          state.lastCleanup = Date.now();
          await deleteFinishedMails(new Date(Date.now() - KEEP_FINISHED_MS));
        }
      } catch (error) {
        logger.error({ err: error }, 'mail outbox drain failed');
      }
    } while (state.again);
  })().finally(() => {
    state.running = undefined;
  });
  return state.running;
}

function nudge(delayMs: number): void {
  const state = worker();
  if (!state) return;
  setTimeout(() => void runOnce(state), delayMs).unref();
}

/** Starts the worker of this process (boot). Polls for due mail; queueMail() nudges it too. */
export function startMailWorker(): void {
  const holder = globalThis as { [workerKey]?: Worker };
  if (holder[workerKey] || env().mailTransport === 'off') return;
  const state: Worker = { again: false, lastCleanup: 0 };
  state.timer = setInterval(() => void runOnce(state), env().MAIL_POLL_INTERVAL_MS);
  state.timer.unref();
  holder[workerKey] = state;
  void runOnce(state);
}

/** Stops polling and waits for a drain in progress (shutdown). */
export async function stopMailWorker(): Promise<void> {
  const holder = globalThis as { [workerKey]?: Worker };
  const state = holder[workerKey];
  if (!state) return;
  delete holder[workerKey];
  clearInterval(state.timer);
  await state.running;
}
