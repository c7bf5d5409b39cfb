import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultPostgres, superQuery, type FaultPostgres } from '../support/faults-env';
import { root, startApp, waitFor, type App } from '../support/procs';
import { jobsAppEnv, recordJobs, sample } from './support';

// A web process (TIKA_ROLE=web) that only enqueues, and worker processes (TIKA_ROLE=worker) that run the jobs:
// a job runs on a worker, never on the web process; a worker killed with SIGKILL mid-job loses the job to the next
// worker (at least once); a worker stopped with SIGTERM finishes a short job, and releases a long one to the queue.
// Jobs are queued with the operator's CLI (scripts/jobs.mjs), as an operator would.

const run = promisify(execFile);
const METRICS = { authorization: 'Bearer jobs-suite-metrics-token-0123456789' };

let db: FaultPostgres;
let web: App;
const workers: App[] = [];

async function cli(...args: string[]) {
  return run(process.execPath, [path.join(root, 'scripts', 'jobs.mjs'), ...args], {
    env: { ...process.env, DATABASE_URL: db.runtimeUrl, DATABASE_DRIVER: 'pg' },
    timeout: 120_000,
  });
}
const enqueueProbe = async (sleepMs: number) => {
  const { stdout } = await cli('run', 'system.probe', '--data', JSON.stringify({ sleepMs }), '--no-wait');
  return /queued as ([0-9a-f-]{36})/.exec(stdout)![1]!;
};
const job = async (id: string) =>
  (
    await superQuery<{ state: string; retry_count: number; output: { message?: string; sleptMs?: number } }>(
      db,
      `select state::text, retry_count, output from pgboss.job where name = 'system.probe' and id = $1`,
      [id],
    )
  )[0]!;
const probeRuns = async (app: App) =>
  sample(await (await fetch(`${app.url}/api/metrics`, { headers: METRICS })).text(), 'jobs_runs_total', {
    queue: 'system.probe',
    result: 'completed',
  });

beforeAll(async () => {
  db = await startFaultPostgres('jobs-worker');
  web = await startApp(jobsAppEnv(db, { TIKA_ROLE: 'web' }));
  workers.push(await startApp(jobsAppEnv(db, { TIKA_ROLE: 'worker', JOBS_SHUTDOWN_TIMEOUT_MS: '4000' })));
});

afterAll(async () => {
  await Promise.all([web, ...workers].filter(Boolean).map((app) => app.stop('SIGKILL')));
  await db?.destroy();
});

describe('a separate worker process', () => {
  it('the web process enqueues, the worker runs: npm run jobs -- run waits for the result', async () => {
    const { stdout } = await cli('run', 'system.probe', '--data', '{"sleepMs":100}', '--wait-seconds', '60');
    expect(stdout).toMatch(/completed \{"sleptMs":100\}/);
    expect(await probeRuns(workers[0]!)).toBe(1);
    expect(await probeRuns(web)).toBe(0);
    const listed = JSON.parse((await cli('list', '--json')).stdout) as { job: string; schedule: string }[];
    expect(listed.find((j) => j.job === 'housekeeping.audit-retention')?.schedule).toBe('10 3 * * * (UTC)');
    expect(listed.map((j) => j.job)).toContain('webhooks.deliver');
  });

  it('kill -9 of a worker mid-job: the job runs again on the next worker', async () => {
    const id = await enqueueProbe(20_000);
    await waitFor('the job to start', async () => (await job(id)).state === 'active', 30_000);
    const killedAt = Date.now();
    workers[0]!.proc.kill('SIGKILL');
    await workers[0]!.exited;
    workers.push(await startApp(jobsAppEnv(db, { TIKA_ROLE: 'worker', JOBS_SHUTDOWN_TIMEOUT_MS: '4000' })));
    const done = await waitFor(
      'the job to run again and complete',
      async () => {
        const row = await job(id);
        return row.state === 'completed' && row;
      },
      120_000,
      500,
    );
    expect(done.retry_count).toBeGreaterThanOrEqual(1); // a second attempt ran it
    expect(done.output).toEqual({ sleptMs: 20_000 });
    recordJobs('killWorker', { retriedAfterMs: Date.now() - killedAt, attempts: done.retry_count + 1 });
  });

  it('SIGTERM: a short running job finishes; a long one is released to the queue, not lost', async () => {
    const worker = workers.at(-1)!;
    const short = await enqueueProbe(2_000);
    await waitFor('the short job to start', async () => (await job(short)).state === 'active', 30_000);
    // Next's server ends a SIGTERM with 143 (128 + 15) once the shutdown steps ran; the job is what matters.
    expect([0, 143]).toContain(await worker.stop('SIGTERM'));
    expect(await job(short)).toMatchObject({ state: 'completed', retry_count: 0 });

    workers.push(await startApp(jobsAppEnv(db, { TIKA_ROLE: 'worker', JOBS_SHUTDOWN_TIMEOUT_MS: '3000' })));
    const long = await enqueueProbe(60_000);
    await waitFor('the long job to start', async () => (await job(long)).state === 'active', 30_000);
    const stoppedAt = Date.now();
    await workers.at(-1)!.stop('SIGTERM');
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    // Released as a failed attempt: back in the queue for another worker, with its retries left.
    const released = await job(long);
    expect(released.state).toBe('retry');
    expect(JSON.stringify(released.output)).toMatch(/shut down/);
  });
});
