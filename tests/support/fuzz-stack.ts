import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { freePort, root, startApp, tempDir, type App } from './procs';

// The fuzz suite's servers: a throwaway PostgreSQL 15 (scripts/ci/postgres.sh) and the production build on it, or
// on embedded PGlite. Loopback only; stopped by pid / pg_ctl, also when setup fails half-way.

/** The fuzz suite's PostgreSQL ports (FUZZ_PG_PORT overrides the first one). */
const PG_PORTS = [55471, 55472, 55473, 55474];

export interface FuzzPostgres {
  port: number;
  ownerUrl: string;
  runtimeUrl: string;
  /** The cluster's superuser: the only role that sees every tenant's rows under FORCE RLS. */
  superuserUrl: string;
  stop(): void;
}

export async function startFuzzPostgres(): Promise<FuzzPostgres> {
  const script = path.join(root, 'scripts', 'ci', 'postgres.sh');
  const run = (args: string[]) => spawnSync('bash', [script, ...args], { encoding: 'utf8' });
  const ports = process.env.FUZZ_PG_PORT ? [Number(process.env.FUZZ_PG_PORT)] : PG_PORTS;
  let lastError = '';
  for (const port of ports) {
    const dir = tempDir('fuzz-pg');
    const started = run(['start', dir, String(port)]);
    if (started.status !== 0) {
      lastError = started.stderr;
      run(['stop', dir]);
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    const pg: FuzzPostgres = {
      port,
      ownerUrl: `postgres://tika_owner:owner-pw@127.0.0.1:${port}/tika`,
      runtimeUrl: `postgres://tika_runtime:runtime-pw@127.0.0.1:${port}/tika`,
      superuserUrl: `postgres://postgres@127.0.0.1:${port}/tika`,
      stop: () => {
        run(['stop', dir]);
        rmSync(dir, { recursive: true, force: true });
      },
    };
    const migrate = spawnSync(process.execPath, [path.join(root, 'scripts', 'migrate.mjs')], {
      env: { ...process.env, DATABASE_OWNER_URL: pg.ownerUrl, DATABASE_URL: pg.runtimeUrl, DATABASE_DRIVER: 'pg' },
      encoding: 'utf8',
    });
    if (migrate.status !== 0) {
      pg.stop();
      throw new Error(`migrate failed: ${migrate.stderr}`);
    }
    return pg;
  }
  throw new Error(`no PostgreSQL could start on ports ${ports.join(', ')}: ${lastError}`);
}

// Rate limits are off for the fuzz app (as in bench/core.mjs): thousands of requests from one loopback client
// would otherwise measure the limiter, which tests/ops proves on its own. Usage flushes are rare so the meter
// does not write while a batch is checked (its table is left out of the fingerprint anyway).
const fuzzAppEnv = {
  NODE_ENV: 'production',
  RATE_LIMIT_BACKEND: 'off',
  USAGE_FLUSH_INTERVAL_MS: '3600000',
  LOG_LEVEL: 'error',
  BETTER_AUTH_SECRET: 'fuzz-suite-secret-fuzz-suite-secret-0123456789',
};

export async function startFuzzAppOnPostgres(pg: FuzzPostgres): Promise<App> {
  return startApp({ ...fuzzAppEnv, DATABASE_URL: pg.runtimeUrl, DATABASE_DRIVER: 'pg' });
}

export async function startFuzzAppOnPglite(): Promise<{ app: App; cleanup(): void }> {
  const dir = tempDir('fuzz-pglite');
  try {
    const app = await startApp({ ...fuzzAppEnv, PGLITE_DATA_DIR: path.join(dir, 'pglite') });
    return { app, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export { freePort };
