import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort, root, tempDir } from './procs';

// Shared ground for the faults suite (tests/faults): its scale, a throwaway PostgreSQL 15 that can be stopped and
// started WITHOUT blocking the event loop (the load keeps running through the outage), a superuser connection to
// check what was really committed, and the summary file bench/results/faults.json.

const run = promisify(execFile);

/**
 * TIKA_FAULTS_SCALE=short (CI, `npm run test:faults`) or full (`npm run test:faults:full`): how long the load
 * phases last, how many clients write at once, how many kill -9 rounds run.
 */
export const scale = process.env.TIKA_FAULTS_SCALE === 'full' ? 'full' : 'short';
export const sizes =
  scale === 'full'
    ? {
        workers: 12,
        loadBeforeMs: 20_000,
        outageMs: 8_000,
        loadAfterMs: 20_000,
        killRounds: 3,
        killConcurrency: 40,
        bigBoardTickets: 120,
      }
    : {
        workers: 6,
        loadBeforeMs: 4_000,
        outageMs: 3_000,
        loadAfterMs: 4_000,
        killRounds: 1,
        killConcurrency: 24,
        bigBoardTickets: 40,
      };

export interface FaultPostgres {
  port: number;
  dir: string;
  ownerUrl: string;
  runtimeUrl: string;
  /** The auth library's own login role (DATABASE_AUTH_URL): the runtime role is no member of tika_auth. */
  authUrl: string;
  superUrl: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

const bin = '/usr/lib/postgresql/15/bin';
const asPostgres = (command: string) =>
  process.getuid?.() === 0 ? run('su', ['postgres', '-s', '/bin/bash', '-c', command]) : run('bash', ['-c', command]);

/**
 * scripts/ci/postgres.sh on a port the OS says is free, migrated with scripts/migrate.mjs. A port can still be
 * taken between the probe and pg_ctl (CI machines run other jobs), so a failed start is retried on a fresh port.
 */
export async function startFaultPostgres(name: string, attempts = 3): Promise<FaultPostgres> {
  const failures: string[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = await freePort();
    try {
      return await startFaultPostgresOn(name, port);
    } catch (error) {
      failures.push(`port ${port}: ${errorText(error)}`);
    }
  }
  throw new Error(
    `PostgreSQL for the ${name} faults did not start after ${attempts} attempts:\n${failures.join('\n')}`,
  );
}

const errorText = (error: unknown) => {
  const { message, stderr } = error as { message?: string; stderr?: string };
  return [message, stderr].filter(Boolean).join('\n');
};

async function startFaultPostgresOn(name: string, port: number): Promise<FaultPostgres> {
  const dir = tempDir(`faults-${name}-pg${port}`);
  try {
    await run('bash', [path.join(root, 'scripts', 'ci', 'postgres.sh'), 'start', dir, String(port)]);
  } catch (error) {
    await asPostgres(`${bin}/pg_ctl -D '${dir}/data' -m immediate -w stop`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const options = `-p ${port} -k '${dir}' -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`;
  const db: FaultPostgres = {
    port,
    dir,
    ownerUrl: `postgres://tika_owner:owner-pw@127.0.0.1:${port}/tika`,
    runtimeUrl: `postgres://tika_runtime:runtime-pw@127.0.0.1:${port}/tika`,
    authUrl: `postgres://tika_auth_login:auth-pw@127.0.0.1:${port}/tika`,
    // FORCE ROW LEVEL SECURITY binds the owner role too: checking every workspace at once takes the superuser.
    superUrl: `postgres://postgres@127.0.0.1:${port}/tika`,
    stop: async () => {
      await asPostgres(`${bin}/pg_ctl -D '${dir}/data' -m fast -w stop`);
    },
    start: async () => {
      await asPostgres(`${bin}/pg_ctl -D '${dir}/data' -o "${options}" -l '${dir}/server.log' -w start`);
    },
    destroy: async () => {
      if (existsSync(`${dir}/data/postmaster.pid`)) await db.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await run(process.execPath, [path.join(root, 'scripts', 'migrate.mjs')], {
      env: {
        ...process.env,
        DATABASE_OWNER_URL: db.ownerUrl,
        DATABASE_URL: db.runtimeUrl,
        DATABASE_AUTH_URL: db.authUrl,
        DATABASE_DRIVER: 'pg',
      },
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/** The app's environment on that database: no rate limits (the load comes from one loopback client). */
export function faultAppEnv(db: FaultPostgres): Record<string, string> {
  return {
    DATABASE_URL: db.runtimeUrl,
    DATABASE_AUTH_URL: db.authUrl,
    DATABASE_DRIVER: 'pg',
    BETTER_AUTH_SECRET: 'faults-test-secret-faults-test-secret-0123',
    RATE_LIMIT_BACKEND: 'off',
    LOG_LEVEL: 'warn',
  };
}

/** One query as the superuser, on a connection of its own. */
export async function superQuery<T = Record<string, unknown>>(
  db: FaultPostgres,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.superUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

const resultsFile = path.join(root, 'bench', 'results', 'faults.json');

interface Summary {
  suite: 'faults';
  finishedAt: string;
  commit: string;
  scale: 'short' | 'full';
  figures: Record<string, unknown>;
  ok: boolean;
  sections: Record<string, boolean>;
}

/** Starts a fresh summary (vitest globalSetup): sections of an earlier run must not survive into this one. */
export function resetFaultsSummary(): void {
  rmSync(resultsFile, { force: true });
}

/** Merges one test file's figures into bench/results/faults.json; `ok` is true only when every section was. */
export async function recordFaults(section: string, figures: Record<string, unknown>, ok: boolean): Promise<void> {
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  const earlier: Partial<Summary> = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  const commit = (
    await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).catch(() => ({ stdout: 'unknown' }))
  ).stdout.trim();
  const sections = { ...earlier.sections, [section]: ok };
  const summary: Summary = {
    suite: 'faults',
    finishedAt: new Date().toISOString(),
    commit,
    scale,
    figures: { ...earlier.figures, [section]: figures },
    ok: Object.values(sections).every(Boolean),
    sections,
  };
  writeFileSync(resultsFile, `${JSON.stringify(summary, null, 2)}\n`);
}
