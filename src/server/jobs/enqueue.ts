import 'server-only';
import { sql } from 'drizzle-orm';
import { fromDrizzle, type DrizzleTransactionLike, type SendOptions } from 'pg-boss';
import type { Tx } from '../db/tenant';
import type { JobDefinition } from './definition';
import { jobCatalog, jobSystem } from './runtime';

export interface EnqueueOptions {
  /** Run no earlier than this (a Date, or seconds from now). */
  startAfter?: Date | number;
  /**
   * A UUID that makes the enqueue idempotent: a second enqueue with the same id (while the first job is kept, see
   * JOBS_HISTORY_DAYS) adds nothing and returns null. Use the id of the row the job is about.
   */
  id?: string;
}

function sendOptions(options: EnqueueOptions): SendOptions {
  return {
    ...(options.id ? { id: options.id } : {}),
    ...(options.startAfter !== undefined ? { startAfter: options.startAfter } : {}),
  };
}

function checked<Data>(job: JobDefinition<Data>, data: Data): Data & object {
  // By name, not identity: Next bundles each route apart from the instrumentation hook, so the same definition can
  // exist as two objects in one process.
  if (!jobCatalog().has(job.name)) throw new Error(`job ${job.name} is not in this process's job catalog`);
  return job.data.parse(data) as Data & object;
}

/**
 * Adds a job INSIDE the caller's transaction — the outbox: if the transaction rolls back the job never existed;
 * once it commits the job is durable and runs at least once. The transaction may be a tenant transaction (the
 * tika_app role may add jobs and nothing else in the queue). Returns the job id (null when `id` was a duplicate).
 */
export async function enqueueJob<Data>(
  tx: Tx,
  job: JobDefinition<Data>,
  data: Data,
  options: EnqueueOptions = {},
): Promise<string | null> {
  const payload = checked(job, data);
  return jobSystem().boss.send(job.name, payload, {
    ...sendOptions(options),
    db: fromDrizzle(tx as unknown as DrizzleTransactionLike, sql),
  });
}

/**
 * Adds a job on the queue's own connection, committed at once. For work not tied to a change (an operator's
 * "run now", a schedule). Never call it inside a transaction on the embedded database: the transaction holds
 * the only connection — use enqueueJob(tx, …) there.
 */
export async function enqueueJobNow<Data>(
  job: JobDefinition<Data>,
  data: Data,
  options: EnqueueOptions = {},
): Promise<string | null> {
  const payload = checked(job, data);
  return jobSystem().boss.send(job.name, payload, sendOptions(options));
}
