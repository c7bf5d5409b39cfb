import 'server-only';
import type { PgBoss } from 'pg-boss';
import { logger } from '../logger';
import type { AnyJobDefinition } from './definition';

/** JOBS_SCHEDULES: `name=<cron>|off` pairs separated by ";" — an operator's override of the code's schedules. */
export function parseScheduleOverrides(value: string | undefined): Map<string, string | null> {
  const overrides = new Map<string, string | null>();
  for (const pair of value?.split(';') ?? []) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const name = pair.slice(0, at).trim();
    const cron = pair
      .slice(at + 1)
      .trim()
      .replace(/\s+/g, ' ');
    if (name) overrides.set(name, cron === 'off' ? null : cron);
  }
  return overrides;
}

/** The schedule each job runs on after overrides (null: not scheduled). */
export function effectiveSchedules(
  catalog: readonly AnyJobDefinition[],
  overridesValue: string | undefined,
): Map<string, string | null> {
  const overrides = parseScheduleOverrides(overridesValue);
  const unknown = [...overrides.keys()].filter((name) => !catalog.some((job) => job.name === name));
  if (unknown.length) throw new Error(`JOBS_SCHEDULES names jobs that do not exist: ${unknown.join(', ')}`);
  return new Map(
    catalog.map((job) => [job.name, overrides.has(job.name) ? overrides.get(job.name)! : (job.schedule ?? null)]),
  );
}

/**
 * Makes the database's schedules match this process's: every replica writes the same rows (an upsert), and
 * pg-boss's timekeeper — one claim per interval across all instances, one job per occurrence by its singleton
 * slot — turns each occurrence into exactly one job, however many replicas run.
 */
export async function applySchedules(
  boss: PgBoss,
  catalog: readonly AnyJobDefinition[],
  overridesValue: string | undefined,
  timezone: string,
): Promise<void> {
  const wanted = effectiveSchedules(catalog, overridesValue);
  const current = new Map((await boss.getSchedules()).map((schedule) => [schedule.name, schedule]));
  for (const [name, cron] of wanted) {
    const existing = current.get(name);
    if (cron === null) {
      if (existing) await boss.unschedule(name);
    } else if (!existing || existing.cron !== cron || existing.timezone !== timezone) {
      await boss.schedule(name, cron, null, { tz: timezone });
    }
  }
  // Schedules of jobs this version no longer has (their queues stay: old jobs may still be in them).
  for (const name of current.keys()) if (!wanted.has(name)) await boss.unschedule(name);
  logger.debug({ schedules: Object.fromEntries(wanted) }, 'job schedules applied');
}
