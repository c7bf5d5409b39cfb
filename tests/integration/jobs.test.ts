import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allJobs } from '../../src/api/jobs';
import { getDb } from '../../src/server/db/client';
import { withTenant, withoutTenant } from '../../src/server/db/tenant';
import { metrics } from '../../src/server/metrics';
import {
  PermanentJobError,
  defineJob,
  effectiveSchedules,
  enqueueJob,
  enqueueJobNow,
  installJobs,
  jobSystem,
  queueDepths,
} from '../../src/server/jobs';
import { signUp } from '../support/api';

// The job system against the database the suite runs on (PGlite in memory by default, PostgreSQL with test:pg):
// the outbox property, retries with backoff, the dead-letter state, timeouts, idempotent enqueue, privileges.

const runs: { job: string; key: string; attempt: number; at: number }[] = [];
const record = (job: string) => async (data: { key: string }, ctx: { attempt: number }) => {
  runs.push({ job, key: data.key, attempt: ctx.attempt, at: Date.now() });
};
const keyed = z.object({ key: z.string(), failTimes: z.number().int().default(0) });

const echo = defineJob({
  name: 'test.echo',
  description: 'records its run',
  data: keyed,
  retry: { limit: 0, delaySeconds: 1 },
  timeoutSeconds: 30,
  handler: record('test.echo'),
});
const flaky = defineJob({
  name: 'test.flaky',
  description: 'fails failTimes attempts, then succeeds',
  data: keyed,
  retry: { limit: 3, delaySeconds: 1, maxDelaySeconds: 2 },
  timeoutSeconds: 30,
  handler: async (data, ctx) => {
    await record('test.flaky')(data, ctx);
    if (ctx.attempt <= data.failTimes) throw new Error(`planned failure ${ctx.attempt}`);
  },
});
const doomed = defineJob({
  name: 'test.doomed',
  description: 'always fails',
  data: keyed,
  retry: { limit: 1, delaySeconds: 1 },
  timeoutSeconds: 30,
  handler: async (data, ctx) => {
    await record('test.doomed')(data, ctx);
    if (data.failTimes < 0) throw new PermanentJobError('the target is gone');
    throw new Error('always');
  },
});
const slow = defineJob({
  name: 'test.slow',
  description: 'outlives its timeout',
  data: keyed,
  retry: { limit: 0, delaySeconds: 1 },
  timeoutSeconds: 1,
  handler: async (data, ctx) => {
    await record('test.slow')(data, ctx);
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
    runs.push({ job: 'test.slow.aborted', key: data.key, attempt: ctx.attempt, at: Date.now() });
  },
});

async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 20_000,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type JobRow = { id: string; state: string; retry_count: number; start_after: Date; completed_on: Date | null };
async function jobRow(name: string, id: string): Promise<JobRow | undefined> {
  const { rows } = (await jobSystem()
    .boss.getDb()
    .executeSql(
      `select id, state, retry_count, start_after, completed_on, now() as now from pgboss.job where name = $1 and id = $2`,
      [name, id],
    )) as { rows: JobRow[] };
  return rows[0];
}

let tenantId: string;

beforeAll(async () => {
  installJobs([...allJobs, echo, flaky, doomed, slow], { runJobs: true });
  await getDb();
  tenantId = (await signUp('Jobs owner')).workspaceId;
}, 60_000);

describe('enqueue inside the transaction of a change (outbox)', () => {
  it('a committed transaction runs its job once; a rolled-back one never created it', async () => {
    const committed = randomUUID();
    const rolledBack = randomUUID();
    const id = await withTenant(tenantId, (tx) => enqueueJob(tx, echo, { key: committed, failTimes: 0 }));
    await expect(
      withTenant(tenantId, async (tx) => {
        await enqueueJob(tx, echo, { key: rolledBack, failTimes: 0 });
        throw new Error('the change fails after enqueueing');
      }),
    ).rejects.toThrow('the change fails');
    await until('the committed job to run', () => runs.some((r) => r.key === committed));
    await until('its row to be completed', async () => (await jobRow('test.echo', id!))?.state === 'completed');
    // Give the rolled-back one every chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(runs.filter((r) => r.key === committed)).toHaveLength(1);
    expect(runs.filter((r) => r.key === rolledBack)).toHaveLength(0);
    const { rows } = (await jobSystem()
      .boss.getDb()
      .executeSql(`select count(*)::int as n from pgboss.job where data->>'key' = $1`, [rolledBack])) as {
      rows: { n: number }[];
    };
    expect(rows[0]!.n).toBe(0);
  });

  it('refuses a payload its schema rejects, and a job outside the catalog', async () => {
    await expect(
      withTenant(tenantId, (tx) => enqueueJob(tx, echo, { key: 42 } as unknown as { key: string; failTimes: number })),
    ).rejects.toThrow();
    const stranger = defineJob({ ...echo, name: 'test.stranger' });
    await expect(withTenant(tenantId, (tx) => enqueueJob(tx, stranger, { key: 'x', failTimes: 0 }))).rejects.toThrow(
      /not in this process's job catalog/,
    );
  });

  it('an id makes the enqueue idempotent', async () => {
    const id = randomUUID();
    const key = randomUUID();
    const first = await withTenant(tenantId, (tx) => enqueueJob(tx, echo, { key, failTimes: 0 }, { id }));
    const second = await withTenant(tenantId, (tx) => enqueueJob(tx, echo, { key, failTimes: 0 }, { id }));
    expect(first).toBe(id);
    expect(second).toBeNull();
    await until('the job to run', () => runs.some((r) => r.key === key));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(runs.filter((r) => r.key === key)).toHaveLength(1);
  });

  it('the tenant role may add jobs but not read, change or delete them', async () => {
    for (const statement of [
      sql`select data from pgboss.job limit 1`,
      sql`update pgboss.job set state = 'completed'`,
      sql`delete from pgboss.job`,
      sql`update pgboss.queue set retry_limit = 0`,
    ]) {
      expect(await failure(withTenant(tenantId, (tx) => tx.execute(statement)))).toMatch(/permission denied/);
    }
    expect(await failure(withoutTenant((tx) => tx.execute(sql`delete from pgboss.schedule`)))).toMatch(
      /permission denied/,
    );
  });
});

describe('retries, dead letters and timeouts', () => {
  it('retries with exponential backoff and jitter, then succeeds: one job, three attempts', async () => {
    const key = randomUUID();
    const id = (await enqueueJobNow(flaky, { key, failTimes: 2 }))!;
    // After the first failure the retry is scheduled retryDelay·2⁰·[½, 1] later (1 s → 0.5–1 s).
    const firstRetry = await until('the first retry to be scheduled', async () => {
      const row = await jobRow('test.flaky', id);
      return row?.state === 'retry' && row.retry_count === 1 ? row : undefined;
    });
    expect(firstRetry).toBeDefined();
    await until('the third attempt to complete', async () => (await jobRow('test.flaky', id))?.state === 'completed');
    const attempts = runs.filter((r) => r.key === key);
    expect(attempts.map((r) => r.attempt)).toEqual([1, 2, 3]);
    // Backoff: the second retry waited longer than the first could (1·2¹·½ = 1 s ≥ the first's 1 s maximum),
    // minus the polling interval's slack.
    const gaps = attempts.slice(1).map((r, i) => r.at - attempts[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(400);
    expect(gaps[1]).toBeGreaterThanOrEqual(900);
    const row = await jobRow('test.flaky', id);
    expect(row?.retry_count).toBe(2);
  });

  it('exhausted retries leave the job in the dead-letter state, counted per job', async () => {
    const key = randomUUID();
    const before = await metricValue('jobs_runs_total', { queue: 'test.doomed', result: 'dead' });
    const id = (await enqueueJobNow(doomed, { key, failTimes: 0 }))!;
    await until('the job to be dead', async () => (await jobRow('test.doomed', id))?.state === 'failed');
    expect(runs.filter((r) => r.key === key).map((r) => r.attempt)).toEqual([1, 2]);
    expect(await metricValue('jobs_runs_total', { queue: 'test.doomed', result: 'dead' })).toBe(before + 1);
    const depth = (await queueDepths(jobSystem().boss, ['test.doomed']))[0]!;
    expect(depth.dead).toBeGreaterThanOrEqual(1);
  });

  it('a permanent failure skips the remaining retries', async () => {
    const key = randomUUID();
    const id = (await enqueueJobNow(doomed, { key, failTimes: -1 }))!;
    await until('the job to be dead', async () => (await jobRow('test.doomed', id))?.state === 'failed');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(runs.filter((r) => r.key === key)).toHaveLength(1);
  });

  it('a run past its timeout is aborted and fails', async () => {
    const key = randomUUID();
    const id = (await enqueueJobNow(slow, { key, failTimes: 0 }))!;
    await until('the job to fail', async () => (await jobRow('test.slow', id))?.state === 'failed', 30_000);
    const started = runs.find((r) => r.key === key && r.job === 'test.slow')!;
    const aborted = await until('the handler to see the abort', () =>
      runs.find((r) => r.key === key && r.job === 'test.slow.aborted'),
    );
    expect(aborted.at - started.at).toBeGreaterThanOrEqual(900);
    expect(await metricValue('jobs_runs_total', { queue: 'test.slow', result: 'timeout' })).toBeGreaterThanOrEqual(1);
  });
});

describe('schedules', () => {
  it('every scheduled job of the catalog is in the database; overrides change or turn them off', async () => {
    const schedules = await jobSystem().boss.getSchedules();
    const expected = effectiveSchedules(allJobs, undefined);
    for (const [name, cron] of expected) {
      const row = schedules.find((s) => s.name === name);
      if (cron) expect(row?.cron, name).toBe(cron);
      else expect(row, name).toBeUndefined();
    }
    const off = effectiveSchedules([{ ...echo, schedule: '0 3 * * *' }], 'test.echo=off');
    expect(off.get('test.echo')).toBeNull();
    const moved = effectiveSchedules([{ ...echo, schedule: '0 3 * * *' }], ' test.echo = 15  4 * * * ');
    expect(moved.get('test.echo')).toBe('15 4 * * *');
    expect(() => effectiveSchedules([echo], 'test.nope=off')).toThrow(/do not exist/);
  });
});

describe('metrics', () => {
  it('exposes runs, durations, queue depth and the oldest ready job per job', async () => {
    const text = await metrics().registry.metrics();
    expect(text).toMatch(/jobs_runs_total\{queue="test.echo",result="completed"\} \d+/);
    expect(text).toMatch(/jobs_run_duration_seconds_count\{queue="test.echo"\} \d+/);
    expect(text).toMatch(/jobs_queue_depth\{queue="test.doomed",state="dead"\} [1-9]/);
    expect(text).toMatch(/jobs_oldest_ready_age_seconds\{queue="system.probe"\} \d+/);
  });
});

/** The database's own message (drizzle wraps it as the cause of "Failed query: …"). */
async function failure(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : String(error);
  }
  return 'no error';
}

async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await metrics().registry.getSingleMetric(name)?.get();
  const sample = metric?.values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  return sample?.value ?? 0;
}
