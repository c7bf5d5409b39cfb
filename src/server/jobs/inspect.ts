import 'server-only';
import type { PgBoss } from 'pg-boss';

export interface QueueDepth {
  job: string;
  /** Waiting to run (new or waiting for a retry), including jobs scheduled for later. */
  queued: number;
  active: number;
  /** Retries exhausted (or failed permanently): the dead-letter state, kept JOBS_HISTORY_DAYS. */
  dead: number;
  /** Age of the oldest job that could run now but has not started: a stuck queue grows this. */
  oldestReadySeconds: number;
}

type Row = { name: string; queued: unknown; active: unknown; dead: unknown; oldest: unknown };

/** One indexed query over the unfinished and dead jobs (pg-boss's job_i14 covers exactly these states). */
export async function queueDepths(boss: PgBoss, names: string[]): Promise<QueueDepth[]> {
  const { rows } = (await boss.getDb().executeSql(
    `select name,
            count(*) filter (where state in ('created', 'retry')) as queued,
            count(*) filter (where state = 'active') as active,
            count(*) filter (where state = 'failed') as dead,
            coalesce(extract(epoch from now() - min(start_after) filter (
              where state in ('created', 'retry') and start_after <= now())), 0) as oldest
       from pgboss.job
      where name = any($1::text[]) and state in ('created', 'retry', 'active', 'failed')
      group by name`,
    [names],
  )) as { rows: Row[] };
  const byName = new Map(rows.map((row) => [row.name, row]));
  return names.map((job) => {
    const row = byName.get(job);
    return {
      job,
      queued: Number(row?.queued ?? 0),
      active: Number(row?.active ?? 0),
      dead: Number(row?.dead ?? 0),
      oldestReadySeconds: Math.max(0, Math.round(Number(row?.oldest ?? 0))),
    };
  });
}
