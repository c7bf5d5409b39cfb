#!/usr/bin/env node
// `npm run bench`: core figures of Tika measured in ONE run, through the real production server and, as the
// baseline, through the pg driver directly. Figures, not a gate: it fails only on real errors (a process that
// will not start, a transport error, a failed setup call). Non-2xx answers during a measured phase are counted,
// printed, and flagged loudly.
//
//   Database: DATABASE_URL (runtime role) and DATABASE_OWNER_URL when set; otherwise a throwaway PostgreSQL 15
//             (scripts/ci/postgres.sh) on a free port, migrated, stopped at the end.
//   Baseline: BENCH_ADMIN_URL (a role that bypasses RLS), else postgres@<DATABASE_URL host:port>/tika.
//   Needs a production build (npm run build). Loopback only; stops only the processes it started.
//
// Output: a table, the ratios with their targets, and bench/results/core-<timestamp>.json.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { boardReadTx } from './lib/board-sql.mjs';
import { HttpClient } from './lib/http.mjs';
import { mergeRuns, runFixed } from './lib/load.mjs';
import { cpuSeconds, freePort, runMain, runOrThrow, startDaemon, startThrowawayPostgres } from './lib/procs.mjs';

/** @typedef {import('./lib/http.mjs').HttpClient} Http */
/** @typedef {'bare' | 'rls' | 'app'} Mode the board read through pg: RLS bypassed, as the app's role, + token lookup */
/** @typedef {1 | 8} Level a concurrency level (clients) */
/** @typedef {import('./lib/load.mjs').PhaseSummary & { serverCpuMsPerOp?: number | null }} Phase */
/** @typedef {Phase & { group: string, name: string }} Row a line of the table */
/** @typedef {{ value: number, target: string | null, met: boolean | null }} Ratio */
/** @typedef {{ runtimeUrl: string, ownerUrl: string | undefined, adminUrl: string, source: string }} Db */
/** @typedef {{ columns: number, ticketRows: number }} ViewRows */
/**
 * What the measured phases share: the server, its token, the seeded board and its tenant.
 * @typedef {{ base: string, token: string, boardId: string, tenantId: string, serverPid: number | undefined,
 *   view?: ViewRows }} Ctx
 */
/** @typedef {{ autoAnalyzedBefore: boolean, beforeMs: number, afterMs: number }} Analyze */
/** @typedef {{ bytes: number, bytesPerColumn1: number, columns: number, tickets: number, total: number }} BoardView */
/** @typedef {{ columns: { tickets: unknown[], ticketCount: number }[] }} BoardAnswer GET /boards/{id}, the fields read */
/**
 * @typedef {(http: Http, client: number, i: number, warmup: boolean) =>
 *   Promise<{ status: number, fixup?: () => Promise<void> }>} Op an HTTP phase's operation
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_S = 230; // the whole run, setup and cleanup included, must stay under 4 minutes on 2 cores
const SEED_TICKETS = 1000;
/** @type {Level[]} */
const LEVELS = [1, 8];
// Measured request counts per concurrency level (clients → total). Warm-ups are not counted.
const COUNTS = {
  board: { 1: 300, 8: 1200 },
  diag: { 1: 100, 8: 320 },
  create: { 1: 200, 8: 400 },
  move: { 1: 200, 8: 400 },
  sql: { 1: 300, 8: 1200 },
};
const SQL_ROUNDS = 3;
// Time caps (seconds) per phase, warm-up included. On an idle 2-core machine every phase finishes well inside its
// cap. On a starved one the caps shrink together so that measuring ends by MEASURE_UNTIL_S whatever happened
// before (a slow seed, say); a phase stopped by its cap is reported as truncated (fewer requests than planned).
const MEASURE_UNTIL_S = 200;
const CAPS = {
  board: { 1: 20, 8: 30 },
  diag: { 1: 5, 8: 5 },
  create: { 1: 6, 8: 6 },
  move: { 1: 6, 8: 6 },
  sqlWarm: 2,
  sqlBlock: { 1: 3, 8: 6 },
  steps: 4,
};
let plannedCapSeconds = LEVELS.reduce(
  (sum, c) =>
    sum +
    CAPS.board[c] +
    3 * CAPS.diag[c] +
    CAPS.create[c] +
    CAPS.move[c] +
    3 * CAPS.sqlWarm +
    3 * SQL_ROUNDS * CAPS.sqlBlock[c],
  2 * CAPS.steps,
);
/** This phase's share of the time left: its static cap, scaled down when the remaining caps no longer fit. */
function allot(/** @type {number} */ staticSeconds) {
  const available = MEASURE_UNTIL_S - (performance.now() - started) / 1000;
  const scale = Math.min(1, Math.max(0, available) / plannedCapSeconds);
  plannedCapSeconds = Math.max(staticSeconds, plannedCapSeconds - staticSeconds);
  return Math.max(0.5, staticSeconds * scale);
} // bare / RLS / app-path blocks interleaved, so drift from other load hits all alike
const TARGETS = { httpOverBare: 0.5, rlsOverBare: 1.3 };

const started = performance.now();
const elapsed = () => ((performance.now() - started) / 1000).toFixed(1);
const say = (/** @type {string} */ message) => console.log(`[${elapsed().padStart(5)} s] ${message}`);

/**
 * @type {{ startedAt: string,
 *   environment: { node?: string, cpus?: number, cpuModel?: string, loadAvgAtStart?: number[], loadAvgAtEnd?: number[],
 *     postgres?: string, database?: string, runtimeUrl?: string, adminUrl?: string, serverPoolMax?: number,
 *     commit?: string | null },
 *   setup: { seed?: { tickets: number, seconds: number, ticketsPerSecond: number, wallSeconds: number },
 *     analyze?: Analyze, boardView?: BoardView, boardId?: string, writeBoardId?: string },
 *   http: Record<string, Row>, sql: Record<string, Row | Record<string, number>>,
 *   sqlSteps: Record<string, Record<string, number>>, ratios: Record<string, Ratio>, errors: string[],
 *   truncated: string[], elapsedSeconds?: number, table?: Row[] }}
 */
const results = {
  startedAt: new Date().toISOString(),
  environment: {},
  setup: {},
  http: {},
  sql: {},
  sqlSteps: {},
  ratios: {},
  errors: [],
  truncated: [],
};

// ---------------------------------------------------------------------------------------------------------------
// Setup: database, server, seed

// An idle connection whose server goes away (the throwaway Postgres stopping at cleanup) must not crash the run.
const ignore = () => undefined;
/**
 * @param {string} connectionString
 * @param {number} max
 */
function newPool(connectionString, max) {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', ignore);
  return pool;
}
function newClient(/** @type {string} */ connectionString) {
  const client = new pg.Client({ connectionString });
  client.on('error', ignore);
  return client;
}

/** @returns {Db | null} */
function databaseUrls() {
  const runtimeUrl = process.env.DATABASE_URL;
  const ownerUrl = process.env.DATABASE_OWNER_URL;
  if (!runtimeUrl) return null;
  const u = new URL(runtimeUrl);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname)) {
    throw new Error(`DATABASE_URL points at ${u.hostname}: the bench runs on loopback only`);
  }
  const adminUrl =
    process.env.BENCH_ADMIN_URL || `postgres://postgres@${u.hostname}:${u.port || 5432}${u.pathname || '/tika'}`;
  return { runtimeUrl, ownerUrl, adminUrl, source: 'DATABASE_URL' };
}

/** @returns {Promise<Db>} */
async function prepareDatabase() {
  const fromEnv = databaseUrls();
  if (fromEnv) return fromEnv;
  say('No DATABASE_URL: starting a throwaway PostgreSQL 15 (scripts/ci/postgres.sh) on a free port');
  const server = await startThrowawayPostgres(root);
  const env = {
    ...process.env,
    DATABASE_DRIVER: 'pg',
    DATABASE_URL: server.runtimeUrl,
    DATABASE_OWNER_URL: server.ownerUrl,
  };
  await runOrThrow(process.execPath, [path.join(root, 'scripts', 'migrate.mjs')], {
    env,
    cwd: root,
    timeoutMs: 60_000,
  });
  say(`Throwaway PostgreSQL on 127.0.0.1:${server.port}, migrated`);
  return {
    runtimeUrl: server.runtimeUrl,
    ownerUrl: server.ownerUrl,
    adminUrl: process.env.BENCH_ADMIN_URL || `postgres://postgres@127.0.0.1:${server.port}/tika`,
    source: `throwaway server on port ${server.port}`,
  };
}

/** @param {Db} db */
async function checkRoles(db) {
  const admin = newClient(db.adminUrl);
  await admin.connect().catch((/** @type {Error} */ error) => {
    throw new Error(
      `cannot connect as the baseline role (${redact(db.adminUrl)}): ${error.message}. Set BENCH_ADMIN_URL to a role that bypasses RLS.`,
    );
  });
  try {
    /** @type {pg.QueryResult<{ name: string, bypass: boolean, version: string }>} */
    const { rows } = await admin.query(
      `select current_user as name, rolsuper or rolbypassrls as bypass, version() as version from pg_roles where rolname = current_user`,
    );
    if (!rows[0]?.bypass)
      throw new Error(
        `the baseline role ${rows[0]?.name} does not bypass RLS; set BENCH_ADMIN_URL to a superuser or BYPASSRLS role`,
      );
    const runtime = decodeURIComponent(new URL(db.runtimeUrl).username);
    /** @type {pg.QueryResult<{ bypass: boolean }>} */
    const r = await admin.query(`select rolsuper or rolbypassrls as bypass from pg_roles where rolname = $1`, [
      runtime,
    ]);
    if (r.rows[0]?.bypass)
      throw new Error(`the runtime role ${runtime} bypasses RLS: the RLS figures would be meaningless`);
    return rows[0].version.split(' on ')[0];
  } finally {
    await admin.end();
  }
}

/** @param {Db} db */
async function startServer(db) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { ...process.env };
  for (const key of ['DATABASE_OWNER_URL', 'BENCH_ADMIN_URL', 'PGLITE_DATA_DIR']) delete env[key];
  Object.assign(env, {
    HOSTNAME: '127.0.0.1',
    PORT: String(port),
    NODE_ENV: 'production',
    DATABASE_DRIVER: 'pg',
    DATABASE_URL: db.runtimeUrl,
    BETTER_AUTH_SECRET: randomBytes(32).toString('base64url'),
    APP_URL: base,
    LOG_LEVEL: 'warn',
    // The core figures leave rate limiting out; bench:ops measures the ops layer's cost.
    RATE_LIMIT_BACKEND: 'off',
    NEXT_TELEMETRY_DISABLED: '1',
  });
  const server = startDaemon(process.execPath, [path.join(root, '.next', 'standalone', 'server.js')], {
    env,
    cwd: root,
  });
  const probe = new HttpClient(base, { timeoutMs: 5_000 });
  const deadline = performance.now() + 60_000;
  let last = 'no answer';
  try {
    while (performance.now() < deadline) {
      if (server.child.exitCode !== null || server.child.signalCode !== null) {
        throw new Error(
          `the server exited (${server.child.exitCode ?? server.child.signalCode}) before it was ready:\n${server.lines.join('\n')}`,
        );
      }
      try {
        const res = await probe.request('GET', '/api/health/ready', { json: true });
        if (res.status === 200) return { base, port, server };
        last = `${res.status} ${JSON.stringify(res.body)}`;
      } catch (error) {
        // probe.request rejects with an Error (a transport failure)
        last = /** @type {Error} */ (error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    probe.close();
  }
  throw new Error(`GET /api/health/ready did not answer 200 within 60 s (last: ${last})\n${server.lines.join('\n')}`);
}

/** @param {string} base */
async function seed(base) {
  const { stdout } = await runOrThrow(
    process.execPath,
    [path.join(root, 'scripts', 'seed.mjs'), '--json', '--tickets', String(SEED_TICKETS), '--url', base],
    { cwd: root, timeoutMs: 150_000 },
  );
  const line = stdout.trim().split('\n').filter(Boolean).pop();
  /** @type {{ tickets: number, seconds: number, boardId: string, token: string }} what seed.mjs --json prints */
  const seeded = JSON.parse(line ?? 'undefined'); // (JSON.parse(undefined) parsed the same text)
  if (seeded.tickets !== SEED_TICKETS)
    throw new Error(`seed created ${seeded.tickets} tickets, expected ${SEED_TICKETS}`);
  return seeded;
}

/**
 * Freshly seeded tables may not have planner statistics yet (autovacuum analyzes on its own schedule), and the
 * board query's plan depends on them. Production tables have them, so measure with them: ANALYZE the three tables
 * the board read touches, and record how one read fared before and after.
 */
/**
 * @param {Db} db
 * @param {Ctx} ctx
 * @returns {Promise<Analyze>}
 */
async function analyzeAfterSeed(db, ctx) {
  const pool = newPool(db.adminUrl, 1);
  const args = { tenantId: ctx.tenantId, boardId: ctx.boardId, perColumn: 50 };
  const median = async () => {
    /** @type {number[]} */
    const times = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await boardReadTx(pool, 'bare', args);
      times.push(performance.now() - t0);
    }
    return /** @type {number} the middle of three */ (times.sort((x, y) => x - y)[1]);
  };
  try {
    /** @type {pg.QueryResult<{ analyzed: boolean }>} */
    const { rows } = await pool.query(
      `select coalesce(last_analyze, last_autoanalyze) is not null as analyzed from pg_stat_user_tables where relname = 'tickets'`,
    );
    const beforeMs = await median();
    await pool.query('analyze boards, columns, tickets');
    const afterMs = await median();
    return { autoAnalyzedBefore: Boolean(rows[0]?.analyzed), beforeMs, afterMs };
  } finally {
    await pool.end();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Measured phases

/** @type {Row[]} */
const table = [];

/**
 * @param {string} group
 * @param {string} name
 * @param {Phase} summary
 * @param {object} [extra]
 */
function record(group, name, summary, extra = {}) {
  const row = { group, name, ...summary, ...extra };
  table.push(row);
  if (summary.truncated) {
    results.truncated.push(`${name} @${summary.clients}: ${summary.n} of ${summary.planned} (time cap)`);
  }
  if (summary.errors > 0) {
    const message = `${name} @${summary.clients}: ${summary.errors} of ${summary.n} answers were not 2xx (${JSON.stringify(summary.statuses)})`;
    results.errors.push(message);
    console.log(`\n!!!!!!!! ERRORS !!!!!!!!  ${message}\n`);
  }
  say(
    `${name.padEnd(34)} @${String(summary.clients).padEnd(2)} ${fmt(summary.rate, 7, 1)}/s  p50 ${fmt(summary.p50Ms)} ms  p95 ${fmt(summary.p95Ms)} ms`,
  );
  return row;
}

/** An HTTP phase with a fresh keep-alive pool (sockets = clients) and the server's CPU time per request. */
/**
 * @param {Ctx} ctx
 * @param {{ clients: number, total: number, op: Op, warmup?: number, cap: number }} phase
 */
async function httpPhase(ctx, { clients, total, op, warmup = 0, cap }) {
  const seconds = allot(cap);
  const http = new HttpClient(ctx.base, { token: ctx.token, sockets: clients });
  try {
    if (warmup)
      await runFixed({
        clients,
        perClient: Math.ceil(warmup / clients),
        op: (c, i) => op(http, c, i, true),
        maxSeconds: 0.2 * seconds,
      });
    const cpu0 = cpuSeconds(ctx.serverPid);
    /** @type {Phase} */
    const summary = await runFixed({
      clients,
      perClient: Math.round(total / clients),
      op: (c, i) => op(http, c, i, false),
      maxSeconds: 0.8 * seconds,
    });
    const cpu1 = cpuSeconds(ctx.serverPid);
    summary.serverCpuMsPerOp = cpu0 === null || cpu1 === null ? null : ((cpu1 - cpu0) * 1000) / summary.n;
    return summary;
  } finally {
    http.close();
  }
}

/** @returns {Op} */
const get = (/** @type {string} */ pathname) => async (http) => ({
  status: (await http.request('GET', pathname)).status,
});

/** @param {Ctx} ctx */
async function boardReads(ctx) {
  for (const clients of LEVELS) {
    const summary = await httpPhase(ctx, {
      clients,
      total: COUNTS.board[clients],
      warmup: clients === 1 ? 60 : 160,
      cap: CAPS.board[clients],
      op: get(`/api/v1/boards/${ctx.boardId}`),
    });
    results.http[`board@${clients}`] = record('http', 'GET /boards/{id} (board view)', summary);
  }
}

/** What the board read costs apart from its queries: the framework floor, auth + a tiny query, payload size. */
/** @param {Ctx} ctx */
async function diagnostics(ctx) {
  /** @type {[string, string, string][]} key, name, path */
  const phases = [
    ['diag.live', 'GET /health/live (no auth, no DB)', '/api/health/live'],
    ['diag.boards', 'GET /boards (auth + 1 small query)', '/api/v1/boards'],
    ['diag.board1', 'GET /boards/{id}?perColumn=1', `/api/v1/boards/${ctx.boardId}?perColumn=1`],
  ];
  for (const [key, name, pathname] of phases) {
    for (const clients of LEVELS) {
      const summary = await httpPhase(ctx, {
        clients,
        total: COUNTS.diag[clients],
        warmup: 40,
        cap: CAPS.diag[clients],
        op: get(pathname),
      });
      results.http[`${key}@${clients}`] = record('diag', name, summary);
    }
  }
}

// Writes go to a separate board, 2 columns per client: client c creates into column 2c and moves its own tickets
// between columns 2c and 2c+1, so no two clients touch the same ticket (no version conflicts) or column lock.
/** @param {Ctx} ctx */
async function writes(ctx) {
  const setup = new HttpClient(ctx.base, { token: ctx.token });
  const names = Array.from(
    { length: 2 * Math.max(...LEVELS) },
    (_, i) => `bench ${Math.floor(i / 2)}${i % 2 ? 'B' : 'A'}`,
  );
  /** @type {{ id: string, columns: { id: string }[] }} the created board */
  const board = await setup.call('POST', '/api/v1/boards', {
    name: `bench writes ${new Date().toISOString()}`,
    columns: names,
  });
  setup.close();
  const columns = board.columns.map((c) => c.id);
  results.setup.writeBoardId = board.id;
  /** @typedef {{ A: string[], B: string[], colA: string | undefined, colB: string | undefined }} Lane */
  /** @type {Lane[]} */
  const lanes = Array.from({ length: Math.max(...LEVELS) }, (_, c) => ({
    A: [],
    B: [],
    colA: columns[2 * c],
    colB: columns[2 * c + 1],
  }));
  /** @type {Map<string, number>} */
  const versions = new Map();
  // A client's lane: there is one per client of the highest level.
  const laneOf = (/** @type {number} */ c) => /** @type {Lane} */ (lanes[c]);
  let serial = 0;

  /** @type {Op} */
  const create = async (http, c) => {
    const n = ++serial;
    /** @type {import('./lib/http.mjs').HttpAnswer<{ id: string, version: number }>} */
    const res = await http.request('POST', '/api/v1/tickets', {
      json: true,
      body: {
        columnId: laneOf(c).colA,
        title: `Bench ticket ${n}`,
        description: `Created by the benchmark.\n\n- [ ] step one\n- [ ] step two`,
        priority: ['none', 'low', 'medium', 'high', 'urgent'][n % 5],
        labels: ['bench', n % 2 ? 'odd' : 'even'],
      },
    });
    if (res.status === 201) {
      laneOf(c).A.push(res.body.id);
      versions.set(res.body.id, res.body.version);
    }
    return { status: res.status };
  };

  /** @type {Op} */
  const move = async (http, c, i) => {
    const lane = laneOf(c);
    const [src, dst, dstCol] =
      lane.A.length >= lane.B.length ? [lane.A, lane.B, lane.colB] : [lane.B, lane.A, lane.colA];
    const id = src.pop();
    if (id === undefined) throw new Error(`move: lane ${c} has no tickets (its create phase made none)`);
    /** @type {{ version: number | undefined, columnId: string | undefined, afterId?: string, beforeId?: string }} */
    const body = { version: versions.get(id), columnId: dstCol };
    let place = 'end';
    if (dst.length && i % 2 === 0) {
      body.afterId = dst[dst.length - 1];
      place = 'end';
    } else if (dst.length) {
      body.beforeId = dst[0];
      place = 'start';
    }
    /** @type {import('./lib/http.mjs').HttpAnswer<{ version: number }>} */
    const res = await http.request('POST', `/api/v1/tickets/${id}/move`, { body, json: true });
    if (res.status === 200) {
      versions.set(id, res.body.version);
      if (place === 'start') dst.unshift(id);
      else dst.push(id);
      return { status: res.status };
    }
    // Re-read the ticket so the next moves of this lane stay valid (outside the measured latency).
    return {
      status: res.status,
      fixup: async () => {
        /** @type {{ version: number, columnId: string }} */
        const now = await http.call('GET', `/api/v1/tickets/${id}`);
        versions.set(id, now.version);
        (now.columnId === lane.colA ? lane.A : lane.B).push(id);
      },
    };
  };

  for (const clients of LEVELS) {
    const summary = await httpPhase(ctx, {
      clients,
      total: COUNTS.create[clients],
      warmup: clients === 1 ? 20 : 40,
      cap: CAPS.create[clients],
      op: create,
    });
    results.http[`create@${clients}`] = record('http', 'POST /tickets (create)', summary);
  }
  for (const clients of LEVELS) {
    const summary = await httpPhase(ctx, {
      clients,
      total: COUNTS.move[clients],
      warmup: clients === 1 ? 20 : 40,
      cap: CAPS.move[clients],
      op: move,
    });
    results.http[`move@${clients}`] = record('http', 'POST /tickets/{id}/move', summary);
  }
}

/** The board read's SQL straight through pg: bare (RLS bypassed), RLS (as the app), app path (+ token lookup). */
/**
 * @param {Ctx} ctx
 * @param {Db} db
 */
async function rawSql(ctx, db) {
  const args = {
    tenantId: ctx.tenantId,
    boardId: ctx.boardId,
    perColumn: 50,
    tokenHash: createHash('sha256').update(ctx.token, 'utf8').digest('hex'),
  };
  /** @type {Record<Mode, string>} */
  const urls = { bare: db.adminUrl, rls: db.runtimeUrl, app: db.runtimeUrl };
  /** @type {Mode[]} */
  const modes = ['bare', 'rls', 'app'];

  // The three variants must return the same rows as each other (and as the HTTP view).
  /** @param {Mode} mode */
  const readOnce = (mode) => {
    const pool = newPool(urls[mode], 1);
    return boardReadTx(pool, mode, args).finally(() => pool.end());
  };
  // One after the other, in this order (the keys' order is the JSON's).
  const check = { bare: await readOnce('bare'), rls: await readOnce('rls'), app: await readOnce('app') };
  if (
    JSON.stringify(check.bare) !== JSON.stringify(check.rls) ||
    JSON.stringify(check.rls) !== JSON.stringify(check.app)
  ) {
    throw new Error(`bare and RLS board reads differ: ${JSON.stringify(check)}`);
  }
  if (!ctx.view) throw new Error('the HTTP board view was not read before the raw SQL phase');
  if (check.rls.columns !== ctx.view.columns || check.rls.tickets !== ctx.view.ticketRows) {
    throw new Error(
      `raw SQL (${JSON.stringify(check.rls)}) does not match the HTTP board view (${JSON.stringify(ctx.view)})`,
    );
  }
  results.sql.rowsPerRead = check.rls;

  for (const clients of LEVELS) {
    /** @type {Record<Mode, pg.Pool>} in urls' order */
    const pools = {
      bare: newPool(urls.bare, clients),
      rls: newPool(urls.rls, clients),
      app: newPool(urls.app, clients),
    };
    try {
      /** @type {Record<Mode, import('./lib/load.mjs').PhaseSummary[]>} */
      const runs = { bare: [], rls: [], app: [] };
      for (const mode of modes) {
        await runFixed({
          clients,
          perClient: Math.ceil(60 / clients),
          op: () => boardReadTx(pools[mode], mode, args),
          maxSeconds: allot(CAPS.sqlWarm),
        });
      }
      for (let round = 0; round < SQL_ROUNDS; round++) {
        for (const mode of modes) {
          const perClient = Math.round(COUNTS.sql[clients] / clients / SQL_ROUNDS);
          runs[mode].push(
            await runFixed({
              clients,
              perClient,
              maxSeconds: allot(CAPS.sqlBlock[clients]),
              op: async () => (await boardReadTx(pools[mode], mode, args), { status: 200 }),
            }),
          );
        }
      }
      /** @type {Record<Mode, string>} */
      const names = {
        bare: 'SQL bare tx (superuser, explicit)',
        rls: 'SQL RLS tx (runtime role)',
        app: 'SQL app path (token lookup + RLS tx)',
      };
      for (const mode of modes) results.sql[`${mode}@${clients}`] = record('sql', names[mode], mergeRuns(runs[mode]));
    } finally {
      await Promise.all(Object.values(pools).map((p) => p.end()));
    }
  }

  // Where a transaction's time goes, statement by statement, at 1 client.
  for (const mode of /** @type {Mode[]} */ (['bare', 'app'])) {
    const pool = newPool(urls[mode], 1);
    try {
      /** @type {Record<string, number>} */
      const steps = {};
      const stopAt = performance.now() + allot(CAPS.steps) * 1000;
      let n = 0;
      while (n < 150 && performance.now() < stopAt) {
        await boardReadTx(pool, mode, args, steps);
        n++;
      }
      results.sqlSteps[mode] = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, v / n]));
    } finally {
      await pool.end();
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Report

/**
 * @param {number | null | undefined} value
 * @param {number} [width]
 * @param {number} [digits]
 */
function fmt(value, width = 6, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—'.padStart(width);
  return value.toFixed(digits).padStart(width);
}

function printTable() {
  const header = `${'phase'.padEnd(38)} ${'cl'.padStart(2)} ${'n'.padStart(5)} ${'non2xx'.padStart(6)} ${'rate/s'.padStart(8)} ${'mean'.padStart(7)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'srvCPU'.padStart(7)}`;
  console.log(
    `\n${header}\n${' '.repeat(56)}(ms: mean/p50/p95/p99; srvCPU = server CPU ms per request)\n${'-'.repeat(header.length)}`,
  );
  /** @type {string | null} */
  let group = null;
  for (const r of table) {
    if (group !== null && r.group !== group) console.log('');
    group = r.group;
    console.log(
      `${r.name.padEnd(38)} ${String(r.clients).padStart(2)} ${`${r.n}${r.truncated ? '*' : ''}`.padStart(5)} ${String(r.errors).padStart(6)} ${fmt(r.rate, 8, 1)} ${fmt(r.meanMs, 7)} ${fmt(r.p50Ms, 7)} ${fmt(r.p95Ms, 7)} ${fmt(r.p99Ms, 7)} ${fmt(r.serverCpuMsPerOp, 7)}`,
    );
  }
}

function computeRatios() {
  /** @type {Record<string, Ratio>} */
  const r = {};
  // Every phase of every level has run and been recorded by now.
  for (const c of LEVELS) {
    const http = /** @type {Row} */ (results.http[`board@${c}`]);
    const bare = /** @type {Row} */ (results.sql[`bare@${c}`]);
    const rls = /** @type {Row} */ (results.sql[`rls@${c}`]);
    const app = /** @type {Row} */ (results.sql[`app@${c}`]);
    r[`httpOverBare@${c}`] = {
      value: http.rate / bare.rate,
      target: `>= ${TARGETS.httpOverBare}`,
      met: http.rate / bare.rate >= TARGETS.httpOverBare,
    };
    r[`rlsOverBare@${c}`] = {
      value: rls.meanMs / bare.meanMs,
      target: `<= ${TARGETS.rlsOverBare}`,
      met: rls.meanMs / bare.meanMs <= TARGETS.rlsOverBare,
    };
    r[`appPathOverBare@${c}`] = { value: app.meanMs / bare.meanMs, target: null, met: null };
    r[`httpOverAppPath@${c}`] = { value: http.rate / app.rate, target: null, met: null };
  }
  results.ratios = r;
}

function printRatios() {
  const r = results.ratios;
  /**
   * @param {string} label
   * @param {string} key
   * @param {string} target
   */
  const line = (label, key, target) => {
    const cells = LEVELS.map((c) => {
      const x = /** @type {Ratio} computeRatios made one per key and level */ (r[`${key}@${c}`]);
      return `${fmt(x.value, 6)}${x.met === null ? '     ' : x.met ? ' met ' : ' MISS'}`;
    });
    console.log(`${label.padEnd(58)} ${cells.map((s) => s.padStart(12)).join(' ')}   ${target}`);
  };
  console.log(
    `\n${'Ratios measured in this run'.padEnd(58)} ${LEVELS.map((c) => `${c} client${c > 1 ? 's' : ''}`.padStart(12)).join(' ')}   target`,
  );
  console.log('-'.repeat(58 + 13 * LEVELS.length + 12));
  line('board read: HTTP req/s ÷ bare-SQL tx/s', 'httpOverBare', `≥ ${TARGETS.httpOverBare}`);
  line('RLS tx ÷ bare tx (mean latency)', 'rlsOverBare', `≤ ${TARGETS.rlsOverBare}`);
  line('app-path SQL (token lookup + RLS tx) ÷ bare (mean latency)', 'appPathOverBare', '(info)');
  line('board read: HTTP req/s ÷ app-path-SQL tx/s', 'httpOverAppPath', '(info)');

  const steps = results.sqlSteps;
  console.log(`\nSQL round trips of one board read at 1 client (mean ms per step):`);
  const keys = [...new Set([...Object.keys(steps.app ?? {}), ...Object.keys(steps.bare ?? {})])];
  console.log(`  ${'step'.padEnd(28)} ${'app path'.padStart(9)} ${'bare'.padStart(9)}`);
  for (const k of keys) console.log(`  ${k.padEnd(28)} ${fmt(steps.app?.[k], 9, 3)} ${fmt(steps.bare?.[k], 9, 3)}`);
  const total = (/** @type {Record<string, number> | undefined} */ o) =>
    Object.values(o ?? {}).reduce((a, b) => a + b, 0);
  console.log(`  ${'total'.padEnd(28)} ${fmt(total(steps.app), 9, 3)} ${fmt(total(steps.bare), 9, 3)}`);
  // main() set both before the phases ran.
  const boardView = /** @type {BoardView} */ (results.setup.boardView);
  console.log(
    `\nBoard view payload: ${boardView.bytes} bytes (${boardView.columns} columns, ${boardView.tickets} cards shown of ${SEED_TICKETS}); perColumn=1: ${boardView.bytesPerColumn1} bytes`,
  );
  const an = /** @type {Analyze} */ (results.setup.analyze);
  console.log(
    `Planner statistics: one bare board read took ${an.beforeMs.toFixed(1)} ms right after seeding (tickets analyzed: ${an.autoAnalyzedBefore ? 'yes' : 'no'}) and ${an.afterMs.toFixed(1)} ms after ANALYZE (all figures above are after it)`,
  );
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const serverJs = path.join(root, '.next', 'standalone', 'server.js');
  if (!existsSync(serverJs)) {
    console.error(
      `bench: no production build (${path.relative(root, serverJs)} is missing). Run \`npm run build\` first.`,
    );
    process.exitCode = 1;
    return;
  }
  const db = await prepareDatabase();
  const pgVersion = await checkRoles(db);
  /** @type {string | null} */
  let commit = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    /* not a git checkout */
  }
  const loadAvgAtStart = os.loadavg().map((x) => Number(x.toFixed(2)));
  const serverPoolMax = Number(process.env.DATABASE_POOL_MAX ?? 10);
  Object.assign(results.environment, {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAvgAtStart,
    postgres: pgVersion,
    database: db.source,
    runtimeUrl: redact(db.runtimeUrl),
    adminUrl: redact(db.adminUrl),
    serverPoolMax,
    commit,
  });
  say(`Database: ${db.source} (${pgVersion}); runtime ${redact(db.runtimeUrl)}, baseline ${redact(db.adminUrl)}`);

  const { base, server } = await startServer(db);
  say(`Server ready on ${base} (pid ${server.child.pid})`);

  const seedStarted = performance.now();
  const seeded = await seed(base);
  results.setup.seed = {
    tickets: seeded.tickets,
    seconds: seeded.seconds,
    ticketsPerSecond: seeded.tickets / seeded.seconds,
    wallSeconds: (performance.now() - seedStarted) / 1000,
  };
  say(
    `Seeded ${seeded.tickets} tickets in ${seeded.seconds} s (seed.mjs, 4 concurrent; ${(seeded.tickets / seeded.seconds).toFixed(0)} tickets/s)`,
  );

  const admin = newClient(db.adminUrl);
  await admin.connect();
  /** @type {pg.QueryResult<{ tenant_id: string }>} */
  const tenantRows = await admin.query('select tenant_id from boards where id = $1', [seeded.boardId]);
  const tenantId = tenantRows.rows[0]?.tenant_id;
  await admin.end();
  if (!tenantId) throw new Error(`seeded board ${seeded.boardId} not found through the baseline connection`);

  /** @type {Ctx} */
  const ctx = { base, token: seeded.token, boardId: seeded.boardId, tenantId, serverPid: server.child.pid };
  const a = await analyzeAfterSeed(db, ctx);
  results.setup.analyze = a;
  say(
    `Board read SQL (bare) before ANALYZE ${a.beforeMs.toFixed(1)} ms, after ${a.afterMs.toFixed(1)} ms (tickets auto-analyzed before: ${a.autoAnalyzedBefore ? 'yes' : 'no'})`,
  );
  const probe = new HttpClient(base, { token: ctx.token });
  /** @type {import('./lib/http.mjs').HttpAnswer<BoardAnswer>} */
  const view = await probe.request('GET', `/api/v1/boards/${ctx.boardId}`, { json: true });
  const small = await probe.request('GET', `/api/v1/boards/${ctx.boardId}?perColumn=1`);
  probe.close();
  if (view.status !== 200 || small.status !== 200) throw new Error(`GET board → ${view.status}/${small.status}`);
  const shown = view.body.columns.reduce((a, c) => a + c.tickets.length, 0);
  const rowsFetched = view.body.columns.reduce((a, c) => a + Math.min(c.ticketCount, 51), 0);
  ctx.view = { columns: view.body.columns.length, ticketRows: rowsFetched };
  results.setup.boardView = {
    bytes: view.bytes,
    bytesPerColumn1: small.bytes,
    columns: view.body.columns.length,
    tickets: shown,
    total: view.body.columns.reduce((a, c) => a + c.ticketCount, 0),
  };
  results.setup.boardId = ctx.boardId;

  await boardReads(ctx);
  await diagnostics(ctx);
  await writes(ctx);
  await rawSql(ctx, db);

  computeRatios();
  results.elapsedSeconds = Number(elapsed());
  const loadAvgAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
  results.environment.loadAvgAtEnd = loadAvgAtEnd;

  console.log(
    `\n==== Tika core benchmark — ${results.startedAt} — commit ${commit ?? '?'} — Node ${process.version}, ${os.cpus().length} CPUs, load avg ${loadAvgAtStart.join(' ')} → ${loadAvgAtEnd.join(' ')}`,
  );
  console.log(
    `     Postgres: ${pgVersion} (${db.source}); server pool max ${serverPoolMax}; board ${ctx.boardId} with ${SEED_TICKETS} tickets`,
  );
  printTable();
  printRatios();
  if (results.errors.length) {
    console.log(
      `\n!!!!!!!! ${results.errors.length} MEASURED PHASE(S) HAD NON-2xx ANSWERS — the figures above include failed requests !!!!!!!!`,
    );
    for (const e of results.errors) console.log(`  - ${e}`);
  } else {
    console.log('\nNo non-2xx answers in any measured phase.');
  }
  if (results.truncated.length) {
    console.log(`* Stopped at its time cap (the machine was too busy for the planned count):`);
    for (const t of results.truncated) console.log(`  - ${t}`);
  }

  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `core-${results.startedAt.replace(/[:.]/g, '-')}.json`);
  results.table = table;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Figures written to ${path.relative(root, file)} (${elapsed()} s in all)`);
}

function redact(/** @type {string} */ url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

runMain('bench', main, { budgetS: BUDGET_S });
