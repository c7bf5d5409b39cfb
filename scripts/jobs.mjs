#!/usr/bin/env node
// The operator's view of the job queue (docs/jobs.md). Plain JavaScript: it runs in the production image too
// (`docker compose exec app node scripts/jobs.mjs list`).
//
//   npm run jobs -- list                      every job: schedule, queued / active / dead, last finished
//   npm run jobs -- list <name> [--limit N]   the latest jobs of one kind: state, attempts, times, error
//   npm run jobs -- retry <name> [<job id>]   gives dead-lettered jobs (all of <name>, or one) another attempt
//   npm run jobs -- run <name> [--data JSON] [--no-wait]
//                                             enqueues one now and waits (up to --wait-seconds, default 60)
//                                             for a worker to finish it
//
// Connects with DATABASE_URL (the runtime role: it holds tika_jobs), or opens the embedded database in
// PGLITE_DATA_DIR — only while Tika is stopped (one process at a time); a job queued then runs at the next start.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    limit: { type: 'string', default: '20' },
    data: { type: 'string' },
    'no-wait': { type: 'boolean', default: false },
    'wait-seconds': { type: 'string', default: '60' },
    json: { type: 'boolean', default: false },
  },
});
const [command, name = '', jobId] = positionals;

/**
 * @param {string} message
 * @param {number} [code]
 * @returns {never}
 */
function fail(message, code = 1) {
  console.error(`jobs: ${message}`);
  process.exit(code);
}

const usage = 'usage: npm run jobs -- list [<name>] | retry <name> [<job id>] | run <name> [--data JSON] [--no-wait]';
if (!['list', 'retry', 'run'].includes(command ?? '')) fail(usage, 2);
if ((command === 'retry' || command === 'run') && !name) fail(usage, 2);

/**
 * @param {string} dataDir
 * @returns {() => void}
 */
function lockDataDir(dataDir) {
  const file = path.join(dataDir, 'tika.lock');
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
    const holder = Number(readFileSync(file, 'utf8').trim());
    let alive = false;
    try {
      process.kill(holder, 0);
      alive = true;
    } catch (e) {
      alive = /** @type {NodeJS.ErrnoException} */ (e).code === 'EPERM';
    }
    if (alive)
      fail(
        `the embedded database in ${dataDir} is in use by process ${holder} (a running Tika). Stop it first, or use the jobs page.`,
      );
    rmSync(file, { force: true });
    return lockDataDir(dataDir);
  }
  const release = () => rmSync(file, { force: true });
  process.once('exit', release);
  return release;
}

/** @typedef {Record<string, any>} Row A row of pgboss.job as node-postgres or PGlite answers it. */

async function connect() {
  const { PgBoss, fromPglite } = await import('pg-boss');
  const settings = { schema: 'pgboss', migrate: false, createSchema: false, supervise: false, schedule: false };
  const url = process.env.DATABASE_URL;
  const driver = process.env.DATABASE_DRIVER ?? (url ? 'pg' : 'pglite');
  /** @type {import('@electric-sql/pglite').PGlite | undefined} */
  let pglite;
  /** @type {import('pg-boss').PgBoss} */
  let boss;
  if (driver === 'pglite') {
    const dataDir = process.env.PGLITE_DATA_DIR ?? path.join(process.cwd(), '.data', 'pglite');
    lockDataDir(dataDir);
    const { PGlite } = await import('@electric-sql/pglite');
    pglite = await PGlite.create(dataDir);
    const { rows } = await pglite.query(
      /** @type {string} */ (`select to_regclass('pgboss.version') is not null as installed`),
    );
    if (!(/** @type {{ installed: boolean }} */ (rows[0]).installed))
      fail('the job queue is not installed: start Tika once (it migrates) or run npm run db:migrate');
    await pglite.exec('SET ROLE tika_jobs');
    boss = new PgBoss({ ...settings, db: fromPglite(pglite), backend: 'pglite' });
  } else {
    if (!url) fail('set DATABASE_URL (the runtime role) or run against the embedded database');
    boss = new PgBoss({ ...settings, connectionString: url, max: 2, application_name: 'tika-jobs-cli' });
  }
  boss.on('error', () => undefined);
  await boss.start();
  return {
    boss,
    embedded: Boolean(pglite),
    /** @type {(text: string, values?: unknown[]) => Promise<Row[]>} */
    sql: async (text, values = []) => /** @type {Row[]} */ ((await boss.getDb().executeSql(text, values)).rows),
    close: async () => {
      await boss.stop({ graceful: false });
      await pglite?.close();
    },
  };
}

/** @param {string | number | Date | null | undefined} value */
const fmt = (value) => (value ? new Date(value).toISOString().replace('T', ' ').slice(0, 19) : '—');
/**
 * @param {Record<string, unknown>[]} rows
 * @param {string[]} columns
 */
function table(rows, columns) {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  /** @param {unknown[]} cells */
  const line = (cells) => cells.map((cell, i) => String(cell ?? '').padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(columns));
  for (const row of rows) console.log(line(columns.map((c) => row[c])));
}

/** @typedef {Awaited<ReturnType<typeof connect>>} Db */

/** @param {Db} db */
async function list(db) {
  const queues = (await db.boss.getQueues()).filter((q) => !q.name.startsWith('__pgboss'));
  const schedules = new Map((await db.boss.getSchedules()).map((s) => [s.name, s]));
  const counts = await db.sql(
    `select name,
            count(*) filter (where state in ('created', 'retry')) as queued,
            count(*) filter (where state = 'active') as active,
            count(*) filter (where state = 'failed') as dead,
            max(completed_on) filter (where state = 'completed') as last_completed
       from pgboss.job where name not like '\\_\\_pgboss%' group by name`,
  );
  const byName = new Map(counts.map((row) => [row.name, row]));
  const rows = queues
    .map((queue) => {
      /** @type {Row} */
      const row = byName.get(queue.name) ?? {};
      const schedule = schedules.get(queue.name);
      const next = schedule
        ? db.boss.previewSchedule(schedule.cron, { tz: schedule.timezone, count: 1 })[0]
        : undefined;
      return {
        job: queue.name,
        schedule: schedule ? `${schedule.cron} (${schedule.timezone})` : '—',
        next: fmt(next),
        queued: Number(row.queued ?? 0),
        active: Number(row.active ?? 0),
        dead: Number(row.dead ?? 0),
        'last completed': fmt(row.last_completed),
      };
    })
    .sort((a, b) => a.job.localeCompare(b.job));
  if (options.json) console.log(JSON.stringify(rows, null, 2));
  else table(rows, ['job', 'schedule', 'next', 'queued', 'active', 'dead', 'last completed']);
}

/**
 * @param {Db} db
 * @param {string} queue
 */
async function listJobs(db, queue) {
  if (!(await db.boss.getQueue(queue))) fail(`no job named ${queue} (npm run jobs -- list)`);
  const rows = await db.sql(
    `select id, state, retry_count, created_on, started_on, completed_on, output
       from pgboss.job where name = $1 order by created_on desc limit $2`,
    [queue, Number(options.limit)],
  );
  const shaped = rows.map((row) => ({
    id: row.id,
    state: row.state === 'failed' ? 'dead' : row.state,
    attempts: Number(row.retry_count) + (row.started_on ? 1 : 0),
    created: fmt(row.created_on),
    finished: fmt(row.completed_on),
    error: row.state === 'failed' || row.state === 'retry' ? (row.output?.message ?? '') : '',
  }));
  if (options.json) console.log(JSON.stringify(shaped, null, 2));
  else table(shaped, ['id', 'state', 'attempts', 'created', 'finished', 'error']);
}

/**
 * @param {Db} db
 * @param {string} queue
 * @param {string | undefined} id
 */
async function retry(db, queue, id) {
  if (!(await db.boss.getQueue(queue))) fail(`no job named ${queue} (npm run jobs -- list)`);
  const ids = id
    ? [id]
    : (await db.sql(`select id from pgboss.job where name = $1 and state = 'failed'`, [queue])).map((r) => r.id);
  if (ids.length === 0) return console.log(`jobs: ${queue} has no dead-lettered jobs`);
  // pg-boss answers { affected } (its CommandResponse type declares no fields).
  const { affected } = /** @type {{ affected?: number }} */ (await db.boss.retry(queue, ids));
  console.log(`jobs: ${affected} ${queue} job(s) queued for another attempt`);
  if (id && affected === 0) fail(`job ${id} is not dead-lettered (only dead jobs can be retried)`);
}

/**
 * @param {Db} db
 * @param {string} queue
 */
async function run(db, queue) {
  if (!(await db.boss.getQueue(queue))) fail(`no job named ${queue} (npm run jobs -- list)`);
  /** @type {object} */
  let data = {};
  if (options.data) {
    try {
      data = JSON.parse(options.data);
    } catch {
      fail('--data must be JSON, e.g. --data \'{"sleepMs": 1000}\'');
    }
  }
  const id = await db.boss.send(queue, data);
  console.log(`jobs: ${queue} queued as ${id}`);
  if (db.embedded) return console.log('jobs: it runs when Tika starts (the embedded database has no worker now)');
  if (options['no-wait']) return;
  const deadline = Date.now() + Number(options['wait-seconds']) * 1000;
  for (;;) {
    const [row] = await db.sql(`select state, retry_count, output from pgboss.job where name = $1 and id = $2`, [
      queue,
      id,
    ]);
    if (row?.state === 'completed') return console.log(`jobs: completed ${JSON.stringify(row.output ?? {})}`);
    if (row?.state === 'failed') fail(`dead-lettered: ${row.output?.message ?? 'failed'}`);
    if (Date.now() > deadline)
      fail(`still ${row?.state ?? 'missing'} after ${options['wait-seconds']} s — is a worker running?`, 3);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** @param {unknown} error */
const messageOf = (error) => (error instanceof Error ? error.message : String(error));
const db = await connect().catch((error) => fail(messageOf(error)));
try {
  if (command === 'list') await (name ? listJobs(db, name) : list(db));
  else if (command === 'retry') await retry(db, name, jobId);
  else await run(db, name);
} catch (error) {
  fail(messageOf(error));
} finally {
  await db.close().catch(() => undefined);
}
