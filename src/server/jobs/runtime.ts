import 'server-only';
import { PgBoss, fromPglite, type Job, type JobResult } from 'pg-boss';
import type { DbHandle } from '../db/client';
import { onDatabaseLifecycle } from '../db/client';
import { env } from '../env';
import { logger } from '../logger';
import { metrics, setJobsCollector } from '../metrics';
import { retryPolicy, type AnyJobDefinition, type JobContext } from './definition';
import { applySchedules } from './schedules';
import { queueDepths } from './inspect';

// The job system of one process: a pg-boss instance on the process's database (docs/jobs.md). It starts when the
// database opens (a lifecycle hook of the database handle) and stops before the database closes. Every process
// can enqueue; processes whose TIKA_ROLE is `app` or `worker` also run jobs and take part in scheduling.

export const JOBS_SCHEMA = 'pgboss';

interface JobSystem {
  boss: PgBoss;
  runsJobs: boolean;
}
interface State {
  catalog: Map<string, AnyJobDefinition>;
  system?: JobSystem;
}
const stateKey = Symbol.for('tika.jobs');
const state: State = ((globalThis as { [stateKey]?: State })[stateKey] ??= { catalog: new Map() });

/** A handler's way to say "retrying cannot help" (the target is gone, the payload is invalid): dead-letter now. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/**
 * Declares the process's jobs and ties the job system to the database's lifecycle. Call once at start (boot, the
 * test setup), before the database is first opened.
 */
export function installJobs(catalog: readonly AnyJobDefinition[], options: { runJobs?: boolean } = {}): void {
  state.catalog = new Map(catalog.map((definition) => [definition.name, definition]));
  if (state.catalog.size !== catalog.length) throw new Error('two jobs share a name');
  onDatabaseLifecycle({
    name: 'jobs',
    open: (handle) => startJobSystem(handle, options.runJobs ?? env().TIKA_ROLE !== 'web'),
    close: stopJobSystem,
  });
}

export function jobCatalog(): ReadonlyMap<string, AnyJobDefinition> {
  return state.catalog;
}

/** The running pg-boss instance; throws when the job system is not started (installJobs was not called). */
export function jobSystem(): JobSystem {
  if (!state.system) throw new Error('The job system is not running: installJobs() must run before the database opens');
  return state.system;
}

async function startJobSystem(handle: DbHandle, runsJobs: boolean): Promise<void> {
  const config = env();
  const connection =
    handle.queue.kind === 'embedded'
      ? { db: fromPglite(handle.queue.client), backend: 'pglite' as const }
      : { connectionString: handle.queue.url, max: config.JOBS_POOL_MAX, application_name: 'tika-jobs' };
  const boss = new PgBoss({
    ...connection,
    schema: JOBS_SCHEMA,
    // The schema is Tika's migration *_jobs.sql, applied by the owner: the runtime role creates nothing.
    migrate: false,
    createSchema: false,
    // REINDEX needs ownership of the indexes; see docs/jobs.md for the operator's command.
    reindex: false,
    supervise: runsJobs,
    schedule: runsJobs,
    superviseIntervalSeconds: config.JOBS_SUPERVISE_INTERVAL_SECONDS,
    monitorIntervalSeconds: config.JOBS_SUPERVISE_INTERVAL_SECONDS,
  });
  // An EventEmitter 'error' with no listener would crash the process; pg-boss reports transient failures here
  // (the database restarting) and recovers on its own.
  boss.on('error', (error: unknown) =>
    logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'job queue error'),
  );
  await boss.start();
  try {
    await ensureQueues(boss, config.JOBS_HISTORY_DAYS);
    if (runsJobs) {
      for (const definition of state.catalog.values())
        await startWorker(boss, definition, config.JOBS_POLL_INTERVAL_MS);
      await applySchedules(boss, [...state.catalog.values()], config.JOBS_SCHEDULES, config.JOBS_TIMEZONE);
    }
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => undefined);
    throw error;
  }
  state.system = { boss, runsJobs };
  setJobsCollector(() => queueDepths(boss, [...state.catalog.keys()]));
  logger.info({ jobs: state.catalog.size, runsJobs, role: config.TIKA_ROLE }, 'job system started');
}

/** Graceful: stops fetching, lets running jobs finish up to JOBS_SHUTDOWN_TIMEOUT_MS, then releases the rest. */
export async function stopJobSystem(): Promise<void> {
  const system = state.system;
  if (!system) return;
  state.system = undefined;
  setJobsCollector(undefined);
  await system.boss.stop({ graceful: true, timeout: env().JOBS_SHUTDOWN_TIMEOUT_MS });
}

function queueOptions(definition: AnyJobDefinition, historyDays: number) {
  const retry = retryPolicy(definition);
  const { maxDelaySeconds } = retry;
  return {
    retryLimit: retry.limit,
    retryDelay: retry.delaySeconds,
    retryBackoff: true,
    expireInSeconds: definition.timeoutSeconds,
    deleteAfterSeconds: historyDays * 86_400,
    ...(maxDelaySeconds !== undefined ? { retryDelayMax: maxDelaySeconds } : {}),
    ...(definition.heartbeatSeconds !== undefined ? { heartbeatSeconds: definition.heartbeatSeconds } : {}),
  };
}

/** Creates each job's queue, or brings its retry/timeout settings up to date with the code. */
async function ensureQueues(boss: PgBoss, historyDays: number): Promise<void> {
  const existing = new Map((await boss.getQueues()).map((queue) => [queue.name, queue]));
  for (const definition of state.catalog.values()) {
    const wanted = queueOptions(definition, historyDays);
    const queue = existing.get(definition.name);
    if (!queue) {
      await boss.createQueue(definition.name, { policy: 'standard', ...wanted });
      continue;
    }
    const stale = (Object.keys(wanted) as (keyof typeof wanted)[]).some(
      (key) => (queue[key] ?? undefined) !== (wanted[key] ?? undefined),
    );
    if (stale) await boss.updateQueue(definition.name, wanted);
  }
}

async function startWorker(boss: PgBoss, definition: AnyJobDefinition, pollMs: number): Promise<void> {
  await boss.work(
    definition.name,
    {
      localConcurrency: definition.concurrency ?? 1,
      pollingIntervalSeconds: pollMs / 1000,
      batchSize: 1,
      perJobResults: true,
    },
    async (jobs: Job<unknown>[]): Promise<JobResult[]> => Promise.all(jobs.map((job) => runJob(definition, job))),
  );
}

/** How one attempt ended: pg-boss's JobResult with a typed output (pg-boss's own is `any`). */
export interface JobOutcome extends Omit<JobResult, 'output'> {
  output?: object;
}

/** One attempt of one job: validate, run with its timeout, count it, and tell pg-boss how it ended. */
export async function runJob(definition: AnyJobDefinition, job: Job<unknown>): Promise<JobOutcome> {
  const attempt = job.retryCount + 1;
  const log = logger.child({ job: definition.name, jobId: job.id, attempt });
  const started = performance.now();
  const finish = (
    result: 'completed' | 'failed' | 'dead' | 'timeout',
    status: JobResult['status'],
    output?: object,
  ): JobOutcome => {
    const seconds = (performance.now() - started) / 1000;
    metrics().jobRuns.inc({ queue: definition.name, result });
    metrics().jobDuration.observe({ queue: definition.name }, seconds);
    return { id: job.id, status, output };
  };
  const parsed = definition.data.safeParse(job.data ?? {});
  if (!parsed.success) {
    log.error({ issues: parsed.error.issues.slice(0, 5) }, 'job payload invalid; dead-lettered');
    return finish('dead', 'deadletter', { message: 'invalid payload' });
  }
  const context: JobContext = { jobId: job.id, attempt, signal: job.signal, log };
  try {
    const output = await untilAborted(definition.handler(parsed.data, context), job.signal);
    log.debug({ durationMs: Math.round(performance.now() - started) }, 'job completed');
    return finish('completed', 'completed', output && typeof output === 'object' ? output : undefined);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const timedOut = job.signal.aborted;
    if (error instanceof PermanentJobError) {
      log.warn({ err: { message } }, 'job failed permanently; dead-lettered');
      return finish('dead', 'deadletter', { message });
    }
    const lastAttempt = attempt > retryPolicy(definition).limit;
    log[lastAttempt ? 'error' : 'warn'](
      { err: { message }, timedOut },
      lastAttempt ? 'job dead-lettered' : 'job failed',
    );
    return finish(timedOut ? 'timeout' : lastAttempt ? 'dead' : 'failed', 'failed', { message });
  }
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted before start'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('job timed out or the worker is stopping'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export interface QueueRunSummary {
  completed: number;
  failed: number;
  dead: number;
  /** What each completed job's handler returned, in order. */
  outputs: unknown[];
}

/**
 * Runs the jobs of one kind that are due now in THIS process, through the same runJob as a worker, until none is
 * left (at most `max`): for tests and for a process that must not wait for the next poll. Safe beside running
 * workers: pg-boss hands each job to one fetcher. A failed attempt is retried later per the queue's policy; a
 * dead-lettered one ends failed with no retries left, as a worker would leave it.
 */
export async function runQueuedJobs(definition: AnyJobDefinition, max = 100): Promise<QueueRunSummary> {
  const { boss } = jobSystem();
  const summary: QueueRunSummary = { completed: 0, failed: 0, dead: 0, outputs: [] };
  for (let done = 0; done < max;) {
    const jobs = await boss.fetch(definition.name, { batchSize: Math.min(5, max - done) });
    if (!jobs.length) break;
    for (const job of jobs) {
      done++;
      const signal = AbortSignal.timeout(definition.timeoutSeconds * 1000);
      const result = await runJob(definition, { ...job, signal } as Job<unknown>);
      const attempt = { id: job.id, retryCount: job.retryCount };
      if (result.status === 'completed') {
        await boss.complete(definition.name, [attempt], result.output);
        summary.completed++;
        summary.outputs.push(result.output);
        continue;
      }
      // pg-boss's public fail() retries while retries are left; a dead letter has none left.
      if (result.status === 'deadletter')
        await boss
          .getDb()
          .executeSql(`update ${JOBS_SCHEMA}.job set retry_limit = retry_count where name = $1 and id = $2`, [
            definition.name,
            job.id,
          ]);
      await boss.fail(definition.name, [attempt], result.output);
      summary[result.status === 'deadletter' ? 'dead' : 'failed']++;
    }
  }
  return summary;
}
