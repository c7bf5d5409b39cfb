// Processes the report's benchmarks start themselves: a throwaway PostgreSQL on a given port (the caller picks it,
// so parallel runs on one machine can keep to their own port ranges), and the production server. Everything is
// registered with bench/lib/procs.mjs's cleanup and stopped by pid (or pg_ctl on our own data directory).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, onCleanup, run, runOrThrow, startDaemon, tempDir } from '../lib/procs.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverJs = path.join(root, '.next', 'standalone', 'server.js');

/**
 * A throwaway PostgreSQL 15 (scripts/ci/postgres.sh), migrated unless told not to.
 * @param {{ port?: number, migrate?: boolean }} [options]
 */
export async function startPostgres({ port, migrate = true } = {}) {
  const dir = path.join(tempDir('tika-report-pg-'), 'pg');
  const pgPort = port ?? (await freePort());
  const script = path.join(root, 'scripts', 'ci', 'postgres.sh');
  onCleanup(() => run('bash', [script, 'stop', dir], { timeoutMs: 30_000 }));
  await runOrThrow('bash', [script, 'start', dir, String(pgPort)], { timeoutMs: 180_000 });
  const db = {
    port: pgPort,
    ownerUrl: `postgres://tika_owner:owner-pw@127.0.0.1:${pgPort}/tika`,
    runtimeUrl: `postgres://tika_runtime:runtime-pw@127.0.0.1:${pgPort}/tika`,
    adminUrl: `postgres://postgres@127.0.0.1:${pgPort}/tika`,
  };
  if (migrate) {
    // Its servers share the runtime role with the auth library (serverEnv): no DATABASE_AUTH_URL from outside.
    /** @type {NodeJS.ProcessEnv} */
    const env = { ...process.env, DATABASE_DRIVER: 'pg', DATABASE_URL: db.runtimeUrl, DATABASE_OWNER_URL: db.ownerUrl };
    delete env.DATABASE_AUTH_URL;
    await runOrThrow(process.execPath, [path.join(root, 'scripts', 'migrate.mjs')], {
      env,
      cwd: root,
      timeoutMs: 120_000,
    });
  }
  return db;
}

/**
 * The environment of a production server on 127.0.0.1:port: either PostgreSQL (`runtimeUrl`) or the embedded
 * PGlite in `pgliteDir`. Rate limits are off: these are latency figures, bench:ops measures the ops layer.
 * @param {{ port: number, runtimeUrl?: string, pgliteDir?: string }} where
 */
export function serverEnv({ port, runtimeUrl, pgliteDir }) {
  const env = { ...process.env };
  for (const key of [
    'DATABASE_URL',
    'DATABASE_OWNER_URL',
    'DATABASE_AUTH_URL',
    'DATABASE_DRIVER',
    'PGLITE_DATA_DIR',
    'BENCH_ADMIN_URL',
  ])
    delete env[key];
  Object.assign(env, {
    HOSTNAME: '127.0.0.1',
    PORT: String(port),
    NODE_ENV: 'production',
    APP_URL: `http://127.0.0.1:${port}`,
    BETTER_AUTH_SECRET: randomBytes(32).toString('base64url'),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_BACKEND: 'off',
    NEXT_TELEMETRY_DISABLED: '1',
  });
  if (runtimeUrl) Object.assign(env, { DATABASE_DRIVER: 'pg', DATABASE_URL: runtimeUrl });
  else Object.assign(env, { DATABASE_DRIVER: 'pglite', PGLITE_DATA_DIR: pgliteDir });
  return env;
}

/**
 * Spawns .next/standalone/server.js; resolves once GET /api/health/ready answers 200.
 * @param {{ runtimeUrl?: string, pgliteDir?: string, timeoutMs?: number }} where
 */
export async function startServer({ runtimeUrl, pgliteDir, timeoutMs = 90_000 }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startDaemon(process.execPath, [serverJs], {
    env: serverEnv({ port, runtimeUrl, pgliteDir }),
    cwd: root,
  });
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (server.child.exitCode !== null)
      throw new Error(`the server exited (${server.child.exitCode}) before it was ready:\n${server.lines.join('\n')}`);
    const status = await fetch(`${base}/api/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return { base, port, child: server.child, lines: server.lines };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server was not ready within ${timeoutMs / 1000} s:\n${server.lines.join('\n')}`);
}

/**
 * Resident set size of a process in MiB, from /proc; null where unavailable (the process is gone, not Linux).
 * @param {number | string | undefined} pid
 */
export function rssMiB(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number((Number(match[1]) / 1024).toFixed(1)) : null;
  } catch {
    return null;
  }
}

export function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

export const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
