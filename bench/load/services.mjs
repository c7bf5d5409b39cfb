/* global AbortSignal -- a Node global the shared bench globals list lacks */
// The processes the load suite runs against, all on 127.0.0.1 and all stopped by the pid we spawned (or, for
// PostgreSQL, by pg_ctl on the data directory we created): PostgreSQL 15, the production server, redis-server,
// and a Sentry "blackhole" (a TCP port that accepts connections and never answers).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, onCleanup, runOrThrow, startDaemon, stopChild, tempDir } from '../lib/procs.mjs';

/**
 * A throwaway PostgreSQL of the load suite.
 * @typedef {{ dir: string, port: number, ownerUrl: string, runtimeUrl: string, authUrl: string, adminUrl: string }} LoadDb
 */
/**
 * A production server the suite started.
 * @typedef {{ name: string, url: string, port: number, pid: number | undefined,
 *   child: import('node:child_process').ChildProcess, lines: string[], stop: () => Promise<void> }} App
 */

/** The suite's own PostgreSQL port range (55451-55454): the first one that is free. */
async function pgPort() {
  for (let port = 55451; port <= 55454; port++) {
    /** @type {boolean} */
    const free = await new Promise((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('ports 55451-55454 are all taken: is another load run still going?');
}

/**
 * A throwaway PostgreSQL 15 (scripts/ci/postgres.sh), migrated.
 * @param {string} root the repository's root
 * @returns {Promise<LoadDb>}
 */
export async function startPostgres(root) {
  const dir = path.join(tempDir('tika-load-'), 'pg');
  const port = await pgPort();
  const script = path.join(root, 'scripts', 'ci', 'postgres.sh');
  onCleanup(() => runOrThrow('bash', [script, 'stop', dir], { timeoutMs: 30_000 }));
  await runOrThrow('bash', [script, 'start', dir, String(port)], { timeoutMs: 180_000 });
  const db = {
    dir,
    port,
    ownerUrl: `postgres://tika_owner:owner-pw@127.0.0.1:${port}/tika`,
    runtimeUrl: `postgres://tika_runtime:runtime-pw@127.0.0.1:${port}/tika`,
    // The auth library's own login role (scripts/ci/postgres.sh creates it; migrate grants it tika_auth).
    authUrl: `postgres://tika_auth_login:auth-pw@127.0.0.1:${port}/tika`,
    adminUrl: `postgres://postgres@127.0.0.1:${port}/tika`,
  };
  const env = {
    ...process.env,
    DATABASE_DRIVER: 'pg',
    DATABASE_URL: db.runtimeUrl,
    DATABASE_OWNER_URL: db.ownerUrl,
    DATABASE_AUTH_URL: db.authUrl,
  };
  await runOrThrow(process.execPath, [path.join(root, 'scripts', 'migrate.mjs')], {
    env,
    cwd: root,
    timeoutMs: 90_000,
  });
  return db;
}

/**
 * The postmaster's pid (to count PostgreSQL's CPU time), from the data directory.
 * @param {LoadDb} db
 */
export function postmasterPid(db) {
  try {
    return Number(readFileSync(path.join(db.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
}

export const METRICS_TOKEN = randomBytes(24).toString('hex');
const SECRET = randomBytes(32).toString('base64url');

/**
 * Environment shared by every app the suite starts. Rate limits stay ON (the memory backend unless a phase says
 * otherwise, so the limiter is on the measured path) but with limits far above the offered load: 20 workspaces
 * at 200 req/s is 600 requests per workspace per minute, twice the free plan's 300, and the seed signs up 60
 * users from one loopback address. bench/core.mjs turns limiting off instead; the ops suite proves the limits.
 * @param {Pick<LoadDb, 'runtimeUrl' | 'authUrl'>} db the URLs it reads (the embedded soak passes empty ones)
 * @returns {Record<string, string>}
 */
export function baseAppEnv(db) {
  return {
    NODE_ENV: 'production',
    DATABASE_DRIVER: 'pg',
    DATABASE_URL: db.runtimeUrl,
    DATABASE_AUTH_URL: db.authUrl,
    BETTER_AUTH_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    METRICS_TOKEN,
    NEXT_TELEMETRY_DISABLED: '1',
    RATE_LIMIT_BACKEND: 'memory',
    RATE_LIMIT_PLAN_FREE: '1000000/1m',
    RATE_LIMIT_PLAN_PRO: '1000000/1m',
    RATE_LIMIT_PLAN_ENTERPRISE: '1000000/1m',
    RATE_LIMIT_AUTH: '1000000/1m',
    RATE_LIMIT_TOKENS: '1000000/1m',
  };
}

/**
 * The production build's standalone server with exactly `env` (plus PATH/HOME), ready when /api/health/ready is 200.
 * @param {string} root
 * @param {string} name
 * @param {Record<string, string>} env
 * @param {{ readyTimeoutMs?: number }} [options]
 * @returns {Promise<App>}
 */
export async function startApp(root, name, env, { readyTimeoutMs = 90_000 } = {}) {
  const serverJs = path.join(root, '.next', 'standalone', 'server.js');
  if (!existsSync(serverJs)) throw new Error('no production build: run `npm run build` first');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const full = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    APP_URL: url,
    ...env,
    HOSTNAME: '127.0.0.1',
    PORT: String(port),
  };
  const server = startDaemon(process.execPath, [serverJs], { env: full, cwd: path.dirname(serverJs) });
  const deadline = performance.now() + readyTimeoutMs;
  let last = 'no answer';
  while (performance.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(
        `app ${name} exited (${server.child.exitCode ?? server.child.signalCode}) before it was ready:\n${server.lines.join('\n')}`,
      );
    }
    try {
      const res = await fetch(`${url}/api/health/ready`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200)
        return {
          name,
          url,
          port,
          pid: server.child.pid,
          child: server.child,
          lines: server.lines,
          stop: () => stopChild(server.child, 20_000),
        };
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw new Error(
    `app ${name}: /api/health/ready not 200 within ${readyTimeoutMs / 1000} s (last: ${last})\n${server.lines.join('\n')}`,
  );
}

/**
 * A redis-server we own; `kill()` is a crash (SIGKILL), `restart()` brings it back on the same port.
 * @param {number} [wanted] its port (else one the OS says is free)
 */
export async function startRedis(wanted) {
  const port = wanted ?? (await freePort());
  const launch = async () => {
    const daemon = startDaemon('redis-server', [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
    ]);
    for (let i = 0; i < 100; i++) {
      /** @type {boolean} */
      const up = await new Promise((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        socket.once('connect', () => socket.end(() => resolve(true)));
        socket.once('error', () => resolve(false));
      });
      if (up) return daemon;
      if (daemon.child.exitCode !== null) throw new Error(`redis-server exited: ${daemon.lines.join('\n')}`);
      await sleep(50);
    }
    throw new Error('redis-server did not listen within 5 s');
  };
  let daemon = await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      const exited = new Promise((resolve) => daemon.child.once('exit', resolve));
      process.kill(/** @type {number} */ (daemon.child.pid), 'SIGKILL');
      await exited;
    },
    async restart() {
      daemon = await launch();
    },
  };
}

/**
 * An unreachable Sentry host, as a firewall that drops packets looks to the SDK: connections are accepted and
 * then nothing is ever sent back. Counts connections, so the suite can prove events were actually attempted.
 */
export async function startBlackhole() {
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  const state = { port: 0, connections: 0, bytes: 0 };
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('data', (chunk) => (state.bytes += chunk.length));
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  state.port = /** @type {net.AddressInfo} */ (server.address()).port;
  const close = () =>
    /** @type {Promise<void>} */ (
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })
    );
  onCleanup(close);
  return { state, dsn: `http://publickey@127.0.0.1:${state.port}/1`, close };
}

/** A reachable Sentry host: answers every envelope at once, so the blackhole has a like-for-like baseline. */
export async function startSentrySink() {
  const state = { port: 0, envelopes: 0 };
  const server = http.createServer(async (req, res) => {
    for await (const chunk of req) void chunk;
    state.envelopes++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  state.port = /** @type {net.AddressInfo} */ (server.address()).port;
  const close = () =>
    /** @type {Promise<void>} */ (
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
    );
  onCleanup(close);
  return { state, dsn: `http://publickey@127.0.0.1:${state.port}/1`, close };
}
