import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

// Real processes for the ops suite: the production server, Redis, a throwaway PostgreSQL. Everything binds
// 127.0.0.1 on a free port and is stopped by pid.

export const root = path.resolve(import.meta.dirname, '..', '..');
export const serverJs = path.join(root, '.next', 'standalone', 'server.js');

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `tika-ops-${prefix}-`));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

export interface App {
  url: string;
  port: number;
  proc: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** JSON log lines written so far. */
  logs(): Record<string, unknown>[];
}

/** The production build's standalone server, with exactly the environment given (plus PATH/HOME). */
export async function startApp(
  env: Record<string, string | undefined>,
  // entry 'image': the image's CMD (scripts/docker-start.mjs: schema guard, JSON lines, then the same server.js).
  options: { waitReady?: boolean; entry?: 'server' | 'image' } = {},
): Promise<App> {
  if (!existsSync(serverJs)) throw new Error('no production build: run `npm run build` first');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // APP_URL is the origin better-auth accepts: this server's own address unless the test says otherwise.
  const clean: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NEXT_TELEMETRY_DISABLED: '1',
    APP_URL: url,
  };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete clean[k];
    else clean[k] = v;
  }
  const entry = options.entry === 'image' ? path.join(root, 'scripts', 'docker-start.mjs') : serverJs;
  const proc = spawn(process.execPath, [entry], {
    cwd: path.dirname(serverJs),
    env: { ...clean, PORT: String(port), HOSTNAME: '127.0.0.1' } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let partial = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    stdout.push(...lines.filter((l) => l.length));
  });
  proc.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) =>
    proc.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))),
  );
  const app: App = {
    url,
    port,
    proc,
    stdout,
    stderr,
    exited,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    logs() {
      return stdout.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    },
  };
  if (options.waitReady !== false) {
    await waitFor(
      `the app on ${url} (stderr: ${stderr.join('').slice(0, 500)})`,
      async () => {
        if (proc.exitCode !== null) throw new Error(`exited ${proc.exitCode}: ${stderr.join('')}`);
        return (await fetch(`${url}/api/health/live`)).ok;
      },
      60_000,
      200,
    );
  }
  return app;
}

export interface Redis {
  port: number;
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export async function startRedis(port?: number): Promise<Redis> {
  const chosen = port ?? (await freePort());
  const proc = spawn(
    'redis-server',
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const { default: IORedis } = await import('ioredis');
  await waitFor('redis', async () => {
    const client = new IORedis({
      port: chosen,
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } finally {
      client.disconnect();
    }
  });
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    proc,
    async stop() {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

export interface Postgres {
  dir: string;
  port: number;
  ownerUrl: string;
  runtimeUrl: string;
  /** The auth library's own login role (DATABASE_AUTH_URL). */
  authUrl: string;
  /** The cluster's superuser (trusted on 127.0.0.1): the only role that sees every tenant's rows under FORCE RLS. */
  superUrl: string;
  stop(): void;
  start(): void;
}

/** A throwaway PostgreSQL 15 cluster (scripts/ci/postgres.sh), migrated with scripts/migrate.mjs. */
export async function startPostgres(options: { port?: number; prefix?: string } = {}): Promise<Postgres> {
  const dir = tempDir(options.prefix ?? 'pg');
  const port = options.port ?? (await freePort());
  const script = path.join(root, 'scripts', 'ci', 'postgres.sh');
  const run = (args: string[]) => {
    const result = spawnSync('bash', [script, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`postgres.sh ${args[0]} failed: ${result.stderr}`);
  };
  run(['start', dir, String(port)]);
  const pg: Postgres = {
    dir,
    port,
    ownerUrl: `postgres://tika_owner:owner-pw@127.0.0.1:${port}/tika`,
    runtimeUrl: `postgres://tika_runtime:runtime-pw@127.0.0.1:${port}/tika`,
    authUrl: `postgres://tika_auth_login:auth-pw@127.0.0.1:${port}/tika`,
    superUrl: `postgres://postgres@127.0.0.1:${port}/tika`,
    stop: () => run(['stop', dir]),
    start: () => {
      const options = `-p ${port} -k '${dir}' -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`;
      const command = `/usr/lib/postgresql/15/bin/pg_ctl -D '${dir}/data' -o "${options}" -l '${dir}/server.log' -w start`;
      const result =
        process.getuid?.() === 0
          ? spawnSync('su', ['postgres', '-s', '/bin/bash', '-c', command], { encoding: 'utf8' })
          : spawnSync('bash', ['-c', command], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`pg restart failed: ${result.stderr}`);
    },
  };
  const migrate = spawnSync(process.execPath, [path.join(root, 'scripts', 'migrate.mjs')], {
    env: {
      ...process.env,
      DATABASE_OWNER_URL: pg.ownerUrl,
      DATABASE_URL: pg.runtimeUrl,
      DATABASE_AUTH_URL: pg.authUrl,
      DATABASE_DRIVER: 'pg',
    },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) {
    pg.stop();
    throw new Error(`migrate failed: ${migrate.stderr}`);
  }
  return pg;
}

/** Environment for an app on that PostgreSQL. */
export function pgEnv(pg: Postgres): Record<string, string> {
  return {
    DATABASE_URL: pg.runtimeUrl,
    DATABASE_AUTH_URL: pg.authUrl,
    DATABASE_DRIVER: 'pg',
    BETTER_AUTH_SECRET: 'ops-test-secret-ops-test-secret-0123456789',
  };
}
