#!/usr/bin/env node
// `npm run bench:jobs`: what background work costs, measured in ONE run through the production server on a
// throwaway PostgreSQL 15 (needs `npm run build`). Figures, not a gate. Take it under `flock /work/.bench.lock`
// on a shared machine.
//
//  1. Enqueue cost added to a ticket write: POST /api/v1/tickets in three workspaces, interleaved in rounds —
//     no webhook (the event lookup finds nothing), a webhook on other events (lookup only), a webhook on
//     ticket.created (lookup + delivery row + job, all in the write's transaction). Ratios of the medians to the
//     first. The web process only enqueues (TIKA_ROLE=web), so no delivery competes for the CPU.
//  2. Delivery throughput: the queued deliveries drained by one worker process (TIKA_ROLE=worker) into a local
//     receiver that answers at once: deliveries per second, from the worker's start to the last one recorded.
//
// Output: a table and bench/results/jobs-<timestamp>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { HttpClient } from './lib/http.mjs';
import { mergeRuns, runFixed } from './lib/load.mjs';
import { freePort, onCleanup, runMain, runOrThrow, startDaemon, startThrowawayPostgres } from './lib/procs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 6;
const PER_ROUND = quick ? 40 : 100;
const BUDGET_S = quick ? 300 : 600;

/**
 * @param {Record<string, string>} env
 * @param {string} label
 */
async function startServer(env, label) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = startDaemon(process.execPath, [path.join(root, '.next', 'standalone', 'server.js')], {
    cwd: path.join(root, '.next', 'standalone'),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      HOSTNAME: '127.0.0.1',
      PORT: String(port),
      APP_URL: url,
      NEXT_TELEMETRY_DISABLED: '1',
      BETTER_AUTH_SECRET: 'bench-jobs-secret-bench-jobs-secret-01',
      RATE_LIMIT_BACKEND: 'off',
      LOG_LEVEL: 'error',
      JOBS_POLL_INTERVAL_MS: '500',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      ...env,
    },
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ready = await fetch(`${url}/api/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (server.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`${label} did not start:\n${server.lines.slice(-20).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, ...server };
}

/**
 * One API call; throws on any answer but 2xx. The body's type is the one the caller states.
 * @template [T=unknown]
 * @param {string} base
 * @param {string} method
 * @param {string} route
 * @param {{ body?: unknown, cookie?: string, token?: string, workspace?: string }} [options]
 * @returns {Promise<{ body: T, headers: Headers }>}
 */
async function call(base, method, route, { body, cookie, token, workspace } = {}) {
  /** @type {Record<string, string>} */
  const headers = { origin: base };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (cookie) headers.cookie = cookie;
  if (token) headers.authorization = `Bearer ${token}`;
  if (workspace) headers['x-tika-workspace'] = workspace;
  const response = await fetch(`${base}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} → ${response.status} ${text}`);
  return { body: text ? JSON.parse(text) : null, headers: response.headers };
}

/**
 * A workspace with a board and an admin token, optionally with a webhook subscribed to `events`.
 * @param {string} base
 * @param {string} receiverUrl
 * @param {string[] | null} events
 */
async function workspace(base, receiverUrl, events) {
  const email = `bench-${Math.random().toString(36).slice(2)}@example.test`;
  const password = 'bench-password-1234';
  await call(base, 'POST', '/api/auth/sign-up/email', { body: { email, password, name: 'Bench' } });
  // Sign-up opens no session (issue #12): sign in with the password, as the sign-up page does.
  const signIn = await call(base, 'POST', '/api/auth/sign-in/email', { body: { email, password } });
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  /** @type {{ body: { workspaces: [{ id: string }] } }} */
  const { body: me } = await call(base, 'GET', '/api/v1/me', { cookie });
  const id = me.workspaces[0].id;
  /** @type {{ body: { token: string } }} */
  const created = await call(base, 'POST', '/api/v1/tokens', {
    cookie,
    workspace: id,
    body: { name: 'bench', role: 'admin' },
  });
  const { token } = created.body;
  /** @type {{ body: { columns: [{ id: string }] } }} */
  const { body: board } = await call(base, 'POST', '/api/v1/boards', {
    token,
    body: { name: 'Bench', columns: ['A'] },
  });
  if (events) await call(base, 'POST', '/api/v1/webhooks', { token, body: { url: `${receiverUrl}/hook`, events } });
  return { token, columnId: board.columns[0].id };
}

/** @returns {Promise<{ url: string, received: () => number }>} */
function startReceiver() {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      onCleanup(() => new Promise((done) => server.close(done)));
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolve({ url: `http://127.0.0.1:${port}`, received: () => received });
    }),
  );
}

async function main() {
  const started = Date.now();
  const db = await startThrowawayPostgres(root);
  // The auth library gets its own login role (scripts/ci/postgres.sh makes it), as in production: the runtime role
  // is then no member of tika_auth, and an outside DATABASE_AUTH_URL (.ci/run's pg shard) is not this database's.
  const authUrl = `postgres://tika_auth_login:auth-pw@127.0.0.1:${new URL(db.runtimeUrl).port}/tika`;
  const dbEnv = { DATABASE_URL: db.runtimeUrl, DATABASE_AUTH_URL: authUrl, DATABASE_DRIVER: 'pg' };
  await runOrThrow(process.execPath, [path.join(root, 'scripts', 'migrate.mjs')], {
    env: { ...process.env, ...dbEnv, DATABASE_OWNER_URL: db.ownerUrl },
  });
  const receiver = await startReceiver();
  const web = await startServer({ ...dbEnv, TIKA_ROLE: 'web' }, 'web process');

  /** @typedef {'noWebhook' | 'otherEvents' | 'subscribed'} Variant */
  /** @type {Record<Variant, { token: string, columnId: string }>} */
  const variants = {
    noWebhook: await workspace(web.url, receiver.url, null),
    otherEvents: await workspace(web.url, receiver.url, ['comment.*']),
    subscribed: await workspace(web.url, receiver.url, ['ticket.created']),
  };
  /** @type {Variant[]} */
  const names = ['noWebhook', 'otherEvents', 'subscribed'];
  const clients = Object.fromEntries(
    names.map((name) => [name, new HttpClient(web.url, { token: variants[name].token })]),
  );
  /** @param {Variant} name */
  const create = (name) => async () =>
    /** @type {HttpClient} */ (clients[name]).request('POST', '/api/v1/tickets', {
      body: { columnId: variants[name].columnId, title: 'bench' },
    });
  // Warm-up, then interleaved rounds so that drift on a shared machine hits all three alike.
  for (const name of names) await runFixed({ clients: 1, perClient: 20, op: create(name) });
  /** @type {Record<Variant, import('./lib/load.mjs').PhaseSummary[]>} */
  const runs = { noWebhook: [], otherEvents: [], subscribed: [] };
  for (let round = 0; round < ROUNDS; round++)
    for (const name of names) runs[name].push(await runFixed({ clients: 1, perClient: PER_ROUND, op: create(name) }));
  const writes = {
    noWebhook: mergeRuns(runs.noWebhook),
    otherEvents: mergeRuns(runs.otherEvents),
    subscribed: mergeRuns(runs.subscribed),
  };
  /** @param {Variant} name */
  const ratio = (name) => writes[name].p50Ms / writes.noWebhook.p50Ms;

  // Throughput: everything queued so far for the subscribed workspace, drained by one worker.
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${db.port}/tika` });
  await admin.connect();
  onCleanup(() => admin.end());
  /** @param {'pending' | 'failed'} status */
  const deliveries = async (status) => {
    /** @type {pg.QueryResult<{ n: number }>} */
    const counted = await admin.query(`select count(*)::int as n from webhook_deliveries where status = $1`, [status]);
    return Number(counted.rows[0]?.n);
  };
  const pending = await deliveries('pending');
  const workerStart = performance.now();
  const worker = await startServer({ ...dbEnv, TIKA_ROLE: 'worker' }, 'worker process');
  const workerReady = performance.now();
  for (;;) {
    const left = await deliveries('pending');
    if (left === 0) break;
    if (performance.now() - workerStart > 240_000) throw new Error(`${left} deliveries still pending after 240 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const drainedSeconds = (performance.now() - workerReady) / 1000;
  const failed = await deliveries('failed');
  void worker;

  const result = {
    bench: 'jobs',
    at: new Date().toISOString(),
    quick,
    machine: { cpus: os.cpus().length, load1: os.loadavg()[0] },
    ticketWrite: {
      rounds: ROUNDS,
      perRound: PER_ROUND,
      p50Ms: Object.fromEntries(Object.entries(writes).map(([n, s]) => [n, +s.p50Ms.toFixed(2)])),
      p95Ms: Object.fromEntries(Object.entries(writes).map(([n, s]) => [n, +s.p95Ms.toFixed(2)])),
      errors: Object.fromEntries(Object.entries(writes).map(([n, s]) => [n, s.errors])),
      ratioP50: { otherEvents: +ratio('otherEvents').toFixed(3), subscribed: +ratio('subscribed').toFixed(3) },
    },
    delivery: {
      deliveries: pending,
      seconds: +drainedSeconds.toFixed(2),
      perSecond: +(pending / drainedSeconds).toFixed(1),
      received: receiver.received(),
      failed,
      concurrency: 8,
    },
    seconds: Math.round((Date.now() - started) / 1000),
  };
  console.log('\nTicket write (POST /api/v1/tickets, 1 client), median and p95:');
  for (const [name, s] of Object.entries(writes))
    console.log(
      `  ${name.padEnd(12)} ${s.p50Ms.toFixed(2).padStart(8)} ms ${s.p95Ms.toFixed(2).padStart(8)} ms  (n=${s.n})`,
    );
  console.log(
    `  ratio to no webhook: other events ${result.ticketWrite.ratioP50.otherEvents}, subscribed ${result.ticketWrite.ratioP50.subscribed}`,
  );
  console.log(
    `\nDelivery: ${pending} deliveries in ${result.delivery.seconds} s by one worker = ${result.delivery.perSecond}/s (failed: ${failed})`,
  );
  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `jobs-${result.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${file}`);
  return Object.values(writes).some((s) => s.errors) || failed ? 1 : 0;
}

runMain('bench:jobs', main, { budgetS: BUDGET_S });
