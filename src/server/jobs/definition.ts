import 'server-only';
import type { Logger } from 'pino';
import type { z } from 'zod';

/**
 * One kind of background work. Handlers run AT LEAST ONCE: a worker killed after the work but before recording it
 * runs it again, so every handler must be idempotent (deletes by a cutoff, upserts, a delivery id the receiver
 * dedupes on). `ctx.jobId` is stable across retries of the same job — use it as an idempotency key.
 */
export interface JobDefinition<Data = unknown> {
  /** Queue name: lowercase, dotted by area (`housekeeping.expired-sessions`, `webhooks.deliver`). */
  name: string;
  description: string;
  /** Validates the payload at enqueue (a bad payload is a programming error, thrown to the caller). */
  data: z.ZodType<Data>;
  handler: (data: Data, ctx: JobContext) => Promise<unknown>;
  /** A 5-field cron (minute resolution) in JOBS_TIMEZONE; JOBS_SCHEDULES overrides it or turns it off. */
  schedule?: string;
  /**
   * Retries after the first attempt, with exponential backoff and jitter, before the job is dead-lettered. A
   * function is read when the queue is set up (a setting may tune it, e.g. WEBHOOK_RETRY_DELAY_SECONDS).
   */
  retry: RetryPolicy | (() => RetryPolicy);
  /** A run longer than this is aborted (ctx.signal) and counted as a failed attempt. */
  timeoutSeconds: number;
  /** Jobs of this kind one process runs at the same time (default 1). */
  concurrency?: number;
  /**
   * Liveness for long jobs: a worker that stops reporting for this long (killed, partitioned) loses the job to
   * another worker without waiting for the whole timeout. Must be ≥ 10.
   */
  heartbeatSeconds?: number;
}

export interface RetryPolicy {
  limit: number;
  delaySeconds: number;
  maxDelaySeconds?: number;
}

export const retryPolicy = (definition: { retry: RetryPolicy | (() => RetryPolicy) }): RetryPolicy =>
  typeof definition.retry === 'function' ? definition.retry() : definition.retry;

export interface JobContext {
  jobId: string;
  /** 1 on the first run, 2 on the first retry … */
  attempt: number;
  /** Aborted when the run exceeds its timeout or the process stops: stop work, the attempt is released. */
  signal: AbortSignal;
  log: Logger;
}

export function defineJob<Data>(definition: JobDefinition<Data>): JobDefinition<Data> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/.test(definition.name))
    throw new Error(`job name "${definition.name}" must be lowercase and dotted, e.g. housekeeping.expired-sessions`);
  if (definition.heartbeatSeconds !== undefined && definition.heartbeatSeconds < 10)
    throw new Error(`job ${definition.name}: heartbeatSeconds must be at least 10`);
  return definition;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a catalog holds definitions of every payload type
export type AnyJobDefinition = JobDefinition<any>;
