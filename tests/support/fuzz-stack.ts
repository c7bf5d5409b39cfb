import { rmSync } from 'node:fs';
import path from 'node:path';
import { freePort, startApp, startPostgres, tempDir, type App, type Postgres } from './procs';

// The fuzz suite's servers: a throwaway PostgreSQL 15 (scripts/ci/postgres.sh) and the production build on it, or
// on embedded PGlite. Loopback only; stopped by pid / pg_ctl, also when setup fails half-way.

export type FuzzPostgres = Postgres;

/**
 * A throwaway PostgreSQL, migrated, on a port the OS says is free (FUZZ_PG_PORT pins one). Tried on up to three
 * fresh ports: another process may take a free port between the question and the server's bind.
 */
export async function startFuzzPostgres(): Promise<FuzzPostgres> {
  const ports = process.env.FUZZ_PG_PORT
    ? [Number(process.env.FUZZ_PG_PORT)]
    : [await freePort(), await freePort(), await freePort()];
  let lastError: unknown;
  for (const port of ports) {
    try {
      const pg = await startPostgres({ port, prefix: 'fuzz-pg' });
      return { ...pg, stop: () => (pg.stop(), rmSync(pg.dir, { recursive: true, force: true })) };
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`no PostgreSQL could start on ports ${ports.join(', ')}: ${String(lastError)}`);
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
  return startApp({ ...fuzzAppEnv, DATABASE_URL: pg.runtimeUrl, DATABASE_AUTH_URL: pg.authUrl, DATABASE_DRIVER: 'pg' });
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
