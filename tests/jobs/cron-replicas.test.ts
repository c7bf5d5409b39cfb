import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allJobs } from '../../src/api/jobs';
import { effectiveSchedules } from '../../src/server/jobs';
import { startFaultPostgres, superQuery, type FaultPostgres } from '../support/faults-env';
import { sleep, startApp, type App } from '../support/procs';
import { jobsAppEnv, recordJobs, sample, scale } from './support';

// Three app processes (the production server, TIKA_ROLE=app: each runs jobs and takes part in scheduling) on one
// PostgreSQL, every scheduled job moved to every minute (JOBS_SCHEDULES): each cron job must run exactly once per
// tick — not three times, not zero.

const TICKS = scale === 'full' ? 5 : 2;
const scheduled = [...effectiveSchedules(allJobs, undefined)].filter(([, cron]) => cron).map(([name]) => name);
const everyMinute = scheduled.map((name) => `${name}=* * * * *`).join(';');

let db: FaultPostgres;
const apps: App[] = [];

beforeAll(async () => {
  db = await startFaultPostgres('jobs-cron');
  const env = jobsAppEnv(db, { JOBS_SCHEDULES: everyMinute });
  apps.push(...(await Promise.all([startApp(env), startApp(env), startApp(env)])));
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await db?.destroy();
});

describe('cron across three replicas', () => {
  it(`each scheduled job runs once per tick (${TICKS} ticks)`, async () => {
    expect(scheduled.length).toBeGreaterThanOrEqual(7);
    // The first tick counted is the first minute boundary after every process is up.
    const first = Math.ceil((Date.now() + 5_000) / 60_000) * 60_000;
    const last = first + (TICKS - 1) * 60_000;
    // A tick becomes a job within the timekeeper's 30 s pass plus the forwarding worker's poll.
    const settle = 50_000;
    await sleep(last + settle - Date.now());

    const rows = await superQuery<{ name: string; created_on: Date; state: string; retry_count: number }>(
      db,
      `select name, created_on, state::text, retry_count from pgboss.job
        where name = any($1) and created_on >= $2 and created_on < $3 order by name, created_on`,
      [scheduled, new Date(first), new Date(last + settle)],
    );
    const byJob = Object.fromEntries(scheduled.map((name) => [name, rows.filter((r) => r.name === name)]));
    const counts = Object.fromEntries(Object.entries(byJob).map(([name, jobs]) => [name, jobs.length]));
    expect(counts).toEqual(Object.fromEntries(scheduled.map((name) => [name, TICKS])));
    for (const [name, jobs] of Object.entries(byJob)) {
      // One per tick: consecutive jobs of one schedule are a minute apart, never two in one tick.
      for (let i = 1; i < jobs.length; i++) {
        const gap = jobs[i]!.created_on.getTime() - jobs[i - 1]!.created_on.getTime();
        expect(gap, `${name} jobs ${i - 1} and ${i}`).toBeGreaterThan(20_000);
      }
      for (const job of jobs)
        expect({ name, state: job.state, retries: job.retry_count }).toEqual({ name, state: 'completed', retries: 0 });
    }

    // Who ran them: the runs are spread over the processes, and add up to one per tick and job.
    const metrics = await Promise.all(
      apps.map(async (app) =>
        (
          await fetch(`${app.url}/api/metrics`, {
            headers: { authorization: 'Bearer jobs-suite-metrics-token-0123456789' },
          })
        ).text(),
      ),
    );
    const runsPerProcess = metrics.map((text) =>
      scheduled.reduce((sum, name) => sum + sample(text, 'jobs_runs_total', { queue: name, result: 'completed' }), 0),
    );
    const totalRuns = runsPerProcess.reduce((a, b) => a + b, 0);
    expect(totalRuns).toBeGreaterThanOrEqual(scheduled.length * TICKS);
    recordJobs('cronReplicas', {
      processes: apps.length,
      schedules: scheduled.length,
      ticks: TICKS,
      jobsPerScheduleAndTick: 1,
      runsPerProcess,
    });
  });
});
