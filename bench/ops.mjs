#!/usr/bin/env node
// `npm run bench:ops`: what the whole ops layer costs on the board-read benchmark. Two production servers on the
// same throwaway PostgreSQL and the same seeded board (scripts/seed.mjs --json):
//   off — no rate limiting, no metrics token, no Sentry, no tracing, no Unleash, warn-level logs
//   on  — Redis rate limiting, metrics, Sentry DSN (local sink), OTLP traces (local sink), Unleash (local server),
//         info logs for every request (to a file)
// Requests alternate between the two in rounds, so a busy shared machine slows both alike. Prints the ratio of
// on/off latency (target ≤ 1.15). Figures, not a gate: the exit code is 0 unless something breaks.
//
//   npm run bench:ops -- [--tickets 200] [--rounds 8] [--requests 150] [--concurrency 4]
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { chmodSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '8' },
    requests: { type: 'string', default: '150' },
    concurrency: { type: 'string', default: '4' },
  },
});
const root = path.resolve(import.meta.dirname, '..');
const serverJs = path.join(root, '.next', 'standalone', 'server.js');
if (!existsSync(serverJs)) {
  console.error('bench:ops: no production build; run `npm run build` first');
  process.exit(1);
}
const work = mkdtempSync(path.join(os.tmpdir(), 'tika-bench-ops-'));
chmodSync(work, 0o755); // the postgres user must reach its data directory inside
/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
/** @type {import('node:http').Server[]} */
const servers = [];
/** @type {string | undefined} */
let pgDir;

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
/** @returns {Promise<number>} */
const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });

async function cleanup() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  for (const s of servers) s.close();
  if (pgDir) spawnSync('bash', [path.join(root, 'scripts/ci/postgres.sh'), 'stop', pgDir], { stdio: 'ignore' });
  rmSync(work, { recursive: true, force: true });
}

/**
 * @param {string} what
 * @param {() => Promise<boolean>} probe
 */
async function waitFor(what, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Local stand-ins: a Sentry DSN host / OTLP collector that accepts anything, and an Unleash API.
 * @param {import('node:http').RequestListener} handler
 */
async function listen(handler) {
  const server = createServer(handler);
  servers.push(server);
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  return /** @type {import('node:net').AddressInfo} */ (server.address()).port;
}
const sink = () =>
  listen(async (req, res) => {
    for await (const _ of req) void _;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
const unleash = () =>
  listen(async (req, res) => {
    for await (const _ of req) void _;
    if (req.url?.startsWith('/api/client/features')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          version: 2,
          features: [{ name: 'KANBAN_SWIMLANES', enabled: true, type: 'release', strategies: [{ name: 'default' }] }],
        }),
      );
    } else {
      res.writeHead(202);
      res.end();
    }
  });

/**
 * @param {string} name
 * @param {Record<string, string>} env
 */
async function startApp(name, env) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const out = openSync(path.join(work, `${name}.log`), 'a');
  const child = spawn(process.execPath, [serverJs], {
    cwd: path.dirname(serverJs),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? '/tmp',
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_ENV: 'production',
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      APP_URL: url,
      ...env,
    },
    stdio: ['ignore', out, out],
  });
  children.push(child);
  await waitFor(`${name} server`, async () => (await fetch(`${url}/api/health/ready`)).ok);
  return url;
}

/**
 * @param {string} url
 * @param {string} boardPath
 * @param {string} token
 * @param {number} count
 * @param {number} concurrency
 * @returns {Promise<{ latencies: number[], wallMs: number, failures: number }>}
 */
async function measure(url, boardPath, token, count, concurrency) {
  /** @type {number[]} */
  const latencies = [];
  let next = 0;
  let failures = 0;
  async function worker() {
    while (next < count) {
      next++;
      const started = performance.now();
      try {
        const response = await fetch(`${url}${boardPath}`, { headers: { authorization: `Bearer ${token}` } });
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
        if (response.status !== 200) failures++;
      } catch (error) {
        // A dropped connection is a failed request to count, not a reason to lose the whole run's figures.
        failures++;
        // fetch's TypeError carries the socket's error (ECONNRESET, …) as its cause
        const failure = /** @type {{ message?: string, cause?: { code?: string, message?: string } } | undefined} */ (
          error
        );
        networkErrors.add(String(failure?.cause?.code ?? failure?.cause?.message ?? failure?.message));
      }
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, wallMs: performance.now() - started, failures };
}

/** @type {Set<string>} */
const networkErrors = new Set();
/**
 * @param {number[]} sorted
 * @param {number} p
 */
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

try {
  // PostgreSQL (throwaway), Redis, sinks.
  const pgPort = await freePort();
  pgDir = path.join(work, 'pg');
  const pgStart = spawnSync('bash', [path.join(root, 'scripts/ci/postgres.sh'), 'start', pgDir, String(pgPort)], {
    encoding: 'utf8',
  });
  if (pgStart.status !== 0) throw new Error(`postgres: ${pgStart.stderr}`);
  const owner = `postgres://tika_owner:owner-pw@127.0.0.1:${pgPort}/tika`;
  const runtime = `postgres://tika_runtime:runtime-pw@127.0.0.1:${pgPort}/tika`;
  const migrate = spawnSync(process.execPath, [path.join(root, 'scripts/migrate.mjs')], {
    env: { ...process.env, DATABASE_OWNER_URL: owner, DATABASE_URL: runtime, DATABASE_DRIVER: 'pg' },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`migrate: ${migrate.stderr}`);
  const redisPort = await freePort();
  const redis = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: 'ignore' },
  );
  children.push(redis);
  const [sentryPort, otlpPort, unleashPort] = await Promise.all([sink(), sink(), unleash()]);

  const base = {
    DATABASE_URL: runtime,
    DATABASE_DRIVER: 'pg',
    BETTER_AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-01',
  };
  const offUrl = await startApp('off', { ...base, RATE_LIMIT_BACKEND: 'off', LOG_LEVEL: 'warn' });
  const onUrl = await startApp('on', {
    ...base,
    RATE_LIMIT_BACKEND: 'redis',
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    RATE_LIMIT_PLAN_FREE: '1000000/1m',
    METRICS_TOKEN: 'bench-metrics-token-0123456789',
    SENTRY_DSN: `http://public@127.0.0.1:${sentryPort}/1`,
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
    UNLEASH_URL: `http://127.0.0.1:${unleashPort}/api`,
    UNLEASH_API_TOKEN: 'bench-unleash-token',
    UNLEASH_BACKUP_PATH: work,
    LOG_LEVEL: 'info',
  });

  // Seed one board through the public API of the "off" server (same database for both).
  const seed = spawnSync(
    process.execPath,
    [path.join(root, 'scripts/seed.mjs'), '--json', '--url', offUrl, '--tickets', args.tickets],
    { encoding: 'utf8' },
  );
  if (seed.status !== 0) throw new Error(`seed: ${seed.stderr}`);
  /** @type {{ boardId: string, token: string, tickets: number }} */
  const seeded = JSON.parse(seed.stdout.trim().split('\n').at(-1) ?? '');
  const boardPath = `/api/v1/boards/${seeded.boardId}`;

  const rounds = Number(args.rounds);
  const perRound = Number(args.requests);
  const concurrency = Number(args.concurrency);
  // Warm-up: JIT, pools, caches, Redis script load.
  await measure(offUrl, boardPath, seeded.token, 60, concurrency);
  await measure(onUrl, boardPath, seeded.token, 60, concurrency);

  /** @typedef {'off' | 'on'} Side */
  /** @type {Record<Side, { latencies: number[], wallMs: number, failures: number }>} */
  const totals = { off: { latencies: [], wallMs: 0, failures: 0 }, on: { latencies: [], wallMs: 0, failures: 0 } };
  /** @type {Side[]} */
  const sides = ['off', 'on'];
  for (let round = 0; round < rounds; round++) {
    /** @type {Side[]} */
    const order = round % 2 ? ['on', 'off'] : ['off', 'on'];
    for (const name of order) {
      const result = await measure(name === 'on' ? onUrl : offUrl, boardPath, seeded.token, perRound, concurrency);
      totals[name].latencies.push(...result.latencies);
      totals[name].wallMs += result.wallMs;
      totals[name].failures += result.failures;
    }
  }
  /** @typedef {{ requests: number, failures: number, rps: number, p50: number, p95: number, mean: number }} SideSummary */
  // Filled for both sides just below.
  const summary = /** @type {Record<Side, SideSummary>} */ ({});
  for (const name of sides) {
    const sorted = totals[name].latencies.sort((a, b) => a - b);
    summary[name] = {
      requests: sorted.length,
      failures: totals[name].failures,
      rps: Number(((sorted.length / totals[name].wallMs) * 1000).toFixed(1)),
      // No answer at all (undefined) throws here, as it always did: there is nothing to report.
      p50: Number(/** @type {number} */ (pct(sorted, 50)).toFixed(2)),
      p95: Number(/** @type {number} */ (pct(sorted, 95)).toFixed(2)),
      mean: Number((sorted.reduce((a, b) => a + b, 0) / sorted.length).toFixed(2)),
    };
  }
  const ratio = {
    throughput: Number((summary.off.rps / summary.on.rps).toFixed(3)),
    p50: Number((summary.on.p50 / summary.off.p50).toFixed(3)),
    mean: Number((summary.on.mean / summary.off.mean).toFixed(3)),
  };
  console.log(
    `\nbench:ops — GET ${'/api/v1/boards/{boardId}'} with ${seeded.tickets} tickets, ${rounds} interleaved rounds × ${perRound} requests, concurrency ${concurrency}, ${os.cpus().length} CPUs`,
  );
  console.log('               req    fail   req/s    p50 ms   p95 ms   mean ms');
  for (const name of sides) {
    const s = summary[name];
    console.log(
      `  ops ${name.padEnd(4)}  ${String(s.requests).padStart(6)} ${String(s.failures).padStart(6)} ${String(s.rps).padStart(7)} ${String(s.p50).padStart(9)} ${String(s.p95).padStart(8)} ${String(s.mean).padStart(9)}`,
    );
  }
  console.log(
    `  overhead (on/off): mean latency ×${ratio.mean}, p50 ×${ratio.p50}, throughput cost ×${ratio.throughput} — target ≤ 1.15: ${ratio.mean <= 1.15 ? 'met' : 'NOT met'}`,
  );
  if (networkErrors.size) console.log(`  dropped connections: ${[...networkErrors].join(', ')}`);
  console.log(
    JSON.stringify({
      bench: 'ops',
      tickets: seeded.tickets,
      rounds,
      perRound,
      concurrency,
      summary,
      ratio,
      networkErrors: [...networkErrors],
    }),
  );
  if (summary.on.failures || summary.off.failures) process.exitCode = 1;
} catch (error) {
  console.error(`bench:ops failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
