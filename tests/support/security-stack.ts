import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, root, serverJs, sleep, startApp, startRedis, tempDir, waitFor, type App, type Redis } from './procs';

// The security suite's real parts: PostgreSQL, Redis, two replicas of the production build sharing them, and
// Caddy terminating TLS (`tls internal`) in front of the first replica. Every port is one the OS says is free
// (others run the same suite on this machine at the same time); everything is stopped by pid.

/** What the global setup hands to every test file (vitest provide/inject: plain JSON). */
export interface SecurityStack {
  /** The TLS origin Caddy serves; APP_URL of the primary replica. */
  publicUrl: string;
  /** The primary replica itself, plain http on loopback (what Caddy proxies to). */
  appUrl: string;
  /** A second replica, same database and Redis, APP_URL = its own plain-http address. */
  replicaUrl: string;
  /** Caddy's local root certificate (PEM), to trust in Node clients. */
  caddyRootPem: string;
  /** Superuser URL (bypasses RLS) for checking database state; the app itself never uses it. */
  adminDbUrl: string;
  /** What the replicas connect with, for test files that start an app of their own on the same database. */
  appDbEnv: Record<string, string>;
  /** JSON log lines (stdout) and stderr of both replicas. */
  logFile: string;
  /** Where each test file drops its counts for bench/results/security.json. */
  countsDir: string;
  /** Secrets the replicas were started with, which must never appear in their logs. */
  plantedEnv: Record<string, string>;
  signInAccountLimit: { limit: number; windowMs: number };
}

declare module 'vitest' {
  export interface ProvidedContext {
    securityStack: SecurityStack;
  }
}

// Values that look like real credentials, so a leak is unmistakable in the logs.
export const PLANTED_ENV = {
  BETTER_AUTH_SECRET: 'planted-auth-secret-Zq8f3Kx2mV9pL4tR7wY1cN6bH0jD5sAe',
  METRICS_TOKEN: 'planted-metrics-token-Qm4nB7vC2xZ9',
  DATABASE_PASSWORD: 'runtime-pw',
  DATABASE_AUTH_PASSWORD: 'auth-pw',
};

export const SIGN_IN_ACCOUNT_LIMIT = { limit: 5, windowMs: 15_000 };

function run(command: string, args: string[], env?: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { encoding: 'utf8', env: env ?? process.env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

function teeLogs(app: App, file: string, name: string) {
  app.proc.stdout!.on('data', (chunk: Buffer) => appendFileSync(file, chunk));
  app.proc.stderr!.on('data', (chunk: Buffer) => appendFileSync(file, `[${name} stderr] ${chunk.toString('utf8')}`));
}

export interface Caddy {
  proc: ChildProcess;
  rootPem: string;
  /** https://127.0.0.1:<port> */
  url: string;
  stop(): Promise<void>;
}

/**
 * Caddy with its internal CA on 127.0.0.1 (a free port unless given), proxying to `upstreamPort`; state in its
 * own dir. A test can connect from 127.0.0.2, .3, … (any loopback source address) and be seen as another client.
 */
export async function startCaddy(dir: string, upstreamPort: number, port?: number): Promise<Caddy> {
  if (!existsSync('/usr/bin/caddy')) throw new Error('caddy is not installed: apt-get install -y caddy');
  const home = path.join(dir, `caddy-${upstreamPort}`);
  mkdirSync(home, { recursive: true });
  const [httpsPort, httpPort] = [port ?? (await freePort()), await freePort()];
  const config = path.join(home, 'Caddyfile');
  // Mirrors the repo's Caddyfile (TLS, X-Real-IP from the connection) without its header block: the headers
  // asserted here must come from the app itself. No admin API, no redirect listener on :80, no system trust store.
  writeFileSync(
    config,
    `{
	admin off
	skip_install_trust
	auto_https disable_redirects
	http_port ${httpPort}
	https_port ${httpsPort}
	default_sni 127.0.0.1
	storage file_system ${path.join(home, 'data')}
}

https://127.0.0.1:${httpsPort} {
	bind 127.0.0.1
	tls internal
	reverse_proxy 127.0.0.1:${upstreamPort} {
		header_up X-Real-IP {remote_host}
	}
}
`,
  );
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_DATA_HOME: path.join(home, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(home, 'xdg-config'),
  } as unknown as NodeJS.ProcessEnv;
  const proc = spawn('/usr/bin/caddy', ['run', '--config', config, '--adapter', 'caddyfile'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  proc.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
  proc.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const rootCert = path.join(home, 'data', 'pki', 'authorities', 'local', 'root.crt');
  try {
    await waitFor(
      'caddy TLS',
      async () => {
        if (proc.exitCode !== null) throw new Error(`caddy exited: ${output.join('').slice(-2000)}`);
        if (!existsSync(rootCert)) return false;
        const https = await import('node:https');
        const ca = readFileSync(rootCert, 'utf8');
        return new Promise<boolean>((resolve) => {
          const request = https.get(`https://127.0.0.1:${httpsPort}/api/health/live`, { ca }, (response) => {
            response.resume();
            resolve(response.statusCode === 200);
          });
          request.on('error', () => resolve(false));
        });
      },
      30_000,
      250,
    );
  } catch (error) {
    proc.kill('SIGKILL');
    throw error;
  }
  return {
    proc,
    url: `https://127.0.0.1:${httpsPort}`,
    rootPem: readFileSync(rootCert, 'utf8'),
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface RunningStack {
  stack: SecurityStack;
  stop(): Promise<void>;
}

export async function startSecurityStack(): Promise<RunningStack> {
  if (!existsSync(serverJs)) throw new Error('no production build: run `npm run build` first');
  // The browser needs the client bundles next to the standalone server (as tests/e2e/start-server.mjs does).
  cpSync(path.join(root, '.next', 'static'), path.join(path.dirname(serverJs), '.next', 'static'), { recursive: true });
  const dir = tempDir('security');
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Its own temp dir: postgres.sh hands it to the postgres user, who cannot enter our 0700 one.
    const pgDir = tempDir('security-pg');
    stops.push(() => rmSync(pgDir, { recursive: true, force: true }));
    const script = path.join(root, 'scripts', 'ci', 'postgres.sh');
    const pgPort = await freePort();
    run('bash', [script, 'start', pgDir, String(pgPort)]);
    stops.push(() => void run('bash', [script, 'stop', pgDir]));
    const ownerUrl = `postgres://tika_owner:owner-pw@127.0.0.1:${pgPort}/tika`;
    const runtimeUrl = `postgres://tika_runtime:${PLANTED_ENV.DATABASE_PASSWORD}@127.0.0.1:${pgPort}/tika`;
    const authUrl = `postgres://tika_auth_login:${PLANTED_ENV.DATABASE_AUTH_PASSWORD}@127.0.0.1:${pgPort}/tika`;
    run(process.execPath, [path.join(root, 'scripts', 'migrate.mjs')], {
      ...process.env,
      DATABASE_OWNER_URL: ownerUrl,
      DATABASE_URL: runtimeUrl,
      DATABASE_AUTH_URL: authUrl,
      DATABASE_DRIVER: 'pg',
    });

    const redis: Redis = await startRedis();
    stops.push(() => redis.stop());

    const logFile = path.join(dir, 'app.log');
    writeFileSync(logFile, '');
    const httpsPort = await freePort();
    const publicUrl = `https://127.0.0.1:${httpsPort}`;
    const common = {
      DATABASE_URL: runtimeUrl,
      DATABASE_AUTH_URL: authUrl,
      DATABASE_DRIVER: 'pg',
      BETTER_AUTH_SECRET: PLANTED_ENV.BETTER_AUTH_SECRET,
      METRICS_TOKEN: PLANTED_ENV.METRICS_TOKEN,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      TIKA_DIAGNOSTICS: '1',
      RATE_LIMIT_BACKEND: 'redis',
      REDIS_URL: redis.url,
      // Every client here is 127.0.0.1: lift the per-IP and per-plan limits (the ops suite proves them) so only
      // the per-account sign-in limit under test decides; a short window so "works again after it" is quick.
      RATE_LIMIT_AUTH: '100000/1m',
      RATE_LIMIT_TOKENS: '100000/1m',
      RATE_LIMIT_PLAN_FREE: '1000000/1m',
      RATE_LIMIT_SIGN_IN_ACCOUNT: `${SIGN_IN_ACCOUNT_LIMIT.limit}/${SIGN_IN_ACCOUNT_LIMIT.windowMs / 1000}s`,
    };
    const app = await startApp({ ...common, APP_URL: publicUrl });
    stops.push(async () => void (await app.stop()));
    teeLogs(app, logFile, 'app');
    const replica = await startApp(common);
    stops.push(async () => void (await replica.stop()));
    teeLogs(replica, logFile, 'replica');

    const caddy = await startCaddy(dir, app.port, httpsPort);
    stops.push(() => caddy.stop());
    const countsDir = path.join(dir, 'counts');
    mkdirSync(countsDir);
    return {
      stack: {
        publicUrl,
        appUrl: app.url,
        replicaUrl: replica.url,
        caddyRootPem: caddy.rootPem,
        adminDbUrl: `postgres://postgres@127.0.0.1:${pgPort}/tika`,
        appDbEnv: {
          DATABASE_URL: runtimeUrl,
          DATABASE_AUTH_URL: authUrl,
          DATABASE_DRIVER: 'pg',
          BETTER_AUTH_SECRET: PLANTED_ENV.BETTER_AUTH_SECRET,
        },
        logFile,
        countsDir,
        plantedEnv: { ...PLANTED_ENV },
        signInAccountLimit: SIGN_IN_ACCOUNT_LIMIT,
      },
      async stop() {
        await sleep(50);
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
