import 'server-only';
import { env } from '../env';
import type { JobKindOverview, JobRunRow, JobsOverview } from '@/shared/jobs-overview';
import { queueDepths } from './inspect';
import { effectiveSchedules } from './schedules';
import { jobCatalog, jobSystem } from './runtime';
import { enqueueJobNow } from './enqueue';

// The instance admins' view of the queue (the jobs page, GET /api/admin/jobs): the same facts as
// `npm run jobs -- list`, and its retry and run actions, from inside the running server.

type Row = Record<string, unknown>;
const iso = (value: unknown) => (value ? new Date(String(value)).toISOString() : null);
const stateOf = (state: string): JobRunRow['state'] =>
  state === 'failed' ? 'dead' : state === 'created' ? 'queued' : (state as JobRunRow['state']);

function toRun(row: Row): JobRunRow {
  const output = row.output as { message?: string } | null;
  const state = stateOf(String(row.state));
  return {
    id: String(row.id),
    state,
    attempts: Number(row.retry_count) + (row.started_on ? 1 : 0),
    createdAt: iso(row.created_on)!,
    startedAt: iso(row.started_on),
    finishedAt: iso(row.completed_on),
    error: state === 'dead' || state === 'retry' ? (output?.message ?? null) : null,
  };
}

export async function jobsOverview(): Promise<JobsOverview> {
  const { boss } = jobSystem();
  const config = env();
  const catalog = [...jobCatalog().values()];
  const names = catalog.map((job) => job.name);
  const schedules = effectiveSchedules(catalog, config.JOBS_SCHEDULES);
  const depths = new Map((await queueDepths(boss, names)).map((d) => [d.job, d]));
  const db = boss.getDb();
  const { rows: last } = (await db.executeSql(
    `select name, max(completed_on) as last from pgboss.job
      where name = any($1::text[]) and state = 'completed' group by name`,
    [names],
  )) as { rows: Row[] };
  const lastByName = new Map(last.map((row) => [String(row.name), iso(row.last)]));
  const jobs: JobKindOverview[] = catalog
    .map((job) => {
      const schedule = schedules.get(job.name) ?? null;
      const depth = depths.get(job.name);
      const next = schedule ? boss.previewSchedule(schedule, { tz: config.JOBS_TIMEZONE, count: 1 })[0] : undefined;
      return {
        name: job.name,
        description: job.description,
        schedule,
        timezone: config.JOBS_TIMEZONE,
        nextRun: next ? new Date(next).toISOString() : null,
        queued: depth?.queued ?? 0,
        active: depth?.active ?? 0,
        dead: depth?.dead ?? 0,
        oldestReadySeconds: depth?.oldestReadySeconds ?? 0,
        lastCompleted: lastByName.get(job.name) ?? null,
        runnable: job.data.safeParse({}).success,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const { rows: failing } = (await db.executeSql(
    `select name, id, state, retry_count, created_on, started_on, completed_on, output from pgboss.job
      where name = any($1::text[]) and state in ('failed', 'retry')
      order by coalesce(completed_on, created_on) desc limit 25`,
    [names],
  )) as { rows: Row[] };
  return {
    role: config.TIKA_ROLE,
    jobs,
    failures: failing.map((row) => ({ job: String(row.name), ...toRun(row) })),
  };
}

function known(name: string) {
  const job = jobCatalog().get(name);
  if (!job) throw new RangeError(`no job named ${name}`);
  return job;
}

/** The latest jobs of one kind, newest first. */
export async function recentJobs(name: string, limit = 50): Promise<JobRunRow[]> {
  known(name);
  const { rows } = (await jobSystem()
    .boss.getDb()
    .executeSql(
      `select id, state, retry_count, created_on, started_on, completed_on, output from pgboss.job
        where name = $1 order by created_on desc limit $2`,
      [name, limit],
    )) as { rows: Row[] };
  return rows.map(toRun);
}

/** Another attempt for dead-lettered jobs of one kind (all of them, or one). Returns how many were requeued. */
export async function retryDeadJobs(name: string, id?: string): Promise<number> {
  known(name);
  const { boss } = jobSystem();
  const ids = id
    ? [id]
    : (
        (await boss.getDb().executeSql(`select id from pgboss.job where name = $1 and state = 'failed'`, [name])) as {
          rows: { id: string }[];
        }
      ).rows.map((row) => row.id);
  if (ids.length === 0) return 0;
  // pg-boss types CommandResponse as empty; at run time it carries the count (as the CLI reads it).
  const { affected } = (await boss.retry(name, ids)) as { affected?: number };
  return affected ?? 0;
}

/** Enqueues one job of a kind that needs no data ("run now"). Returns its id. */
export async function runJobNow(name: string): Promise<string> {
  const job = known(name);
  if (!job.data.safeParse({}).success) throw new RangeError(`${name} needs data: it cannot be run without it`);
  return (await enqueueJobNow(job, {}))!;
}
