import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  pgEnv,
  root,
  startApp,
  startPostgres,
  startRedis,
  tempDir,
  waitFor,
  type App,
  type Postgres,
  type Redis,
} from '../support/procs';

// `tika doctor` against real deployments: the production build as a child process, on the embedded database and
// on a throwaway PostgreSQL, asked by scripts/doctor.mjs exactly as an operator would. The broken setups of the
// issue — a privileged runtime role, a default secret, a stale backup, Redis down with two replicas — must each
// fail with the right fix; a fresh embedded default meets MVP and says what Team needs.

const SECRET = 'Zq8f3Kx2mV9pL4tR7wY1cN6bH0jD5sAeQm4nB7vC';
const doctorScript = path.join(root, 'scripts', 'doctor.mjs');

interface Report {
  meets: { id: string } | null;
  next: { stage: { id: string }; blocking: { id: string; fix: string }[] } | null;
  counts: { pass: number; warn: number; fail: number };
  stages: { id: string; met: boolean; items: { id: string; status: string; evidence: string; fix: string }[] }[];
}

function doctor(app: App, env: Record<string, string>, args: string[] = ['--json']) {
  const run = spawnSync(process.execPath, [doctorScript, '--url', app.url, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env } as unknown as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function report(app: App, env: Record<string, string>): Report {
  const run = doctor(app, env);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Report;
}

const item = (r: Report, id: string) => r.stages.flatMap((s) => s.items).find((i) => i.id === id)!;

describe('a fresh embedded default', () => {
  let app: App;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = path.join(tempDir('doctor-embedded'), 'pglite');
    app = await startApp({ PGLITE_DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'warn' });
    await waitFor('ready', async () => (await fetch(`${app.url}/api/health/ready`)).ok, 60_000, 250);
  });
  afterAll(() => app?.stop());

  it('meets MVP, says what Team needs, and exits non-zero (Team items fail)', () => {
    const text = doctor(app, { PGLITE_DATA_DIR: dataDir }, []);
    expect(text.status).toBe(1);
    // Warnings: HTTPS (plain HTTP on this machine), and disk headroom when the test machine's disk is nearly full.
    expect(text.stdout).toMatch(/^MVP met — \d+ pass, [12] warn, 0 fail/m);
    expect(text.stdout).toMatch(
      /This deployment meets MVP\.\nTeam needs:\n {2}- A PostgreSQL server, not the embedded database: Run the compose stack/,
    );
    expect(text.stdout).toMatch(/WARN {2}HTTPS in front of Tika \[§1\.2/);
    const r = report(app, { PGLITE_DATA_DIR: dataDir });
    expect(r.meets?.id).toBe('mvp');
    const mvpWarnings = r.stages[0]!.items.filter((i) => i.status === 'warn').map((i) => i.id);
    expect(mvpWarnings).toContain('tls.in-front');
    expect(mvpWarnings.filter((id) => id !== 'tls.in-front' && id !== 'disk.headroom')).toEqual([]);
    expect(r.next?.stage.id).toBe('team');
    expect(r.next?.blocking.map((b) => b.id)).toEqual(
      expect.arrayContaining(['database.server', 'errors.sentry', 'backups.recent']),
    );
    expect(item(r, 'database.runtime-role').evidence).toBe(
      '"tika_embedded": no SUPERUSER, no BYPASSRLS, owns no tables',
    );
    expect(item(r, 'database.rls').evidence).toMatch(/^enabled and forced on all \d+ tenant tables$/);
    expect(item(r, 'database.migrated').status).toBe('pass');
    // --stage mvp: a gate that passes
    expect(doctor(app, { PGLITE_DATA_DIR: dataDir }, ['--stage', 'mvp']).status).toBe(0);
  });

  it('refuses a caller without the secret (404), and says so', async () => {
    const run = doctor(app, { BETTER_AUTH_SECRET: 'x'.repeat(40) });
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatch(/refused the doctor token \(404\)/);
    expect((await fetch(`${app.url}/api/ops/doctor`)).status).toBe(404);
  });
});

describe('on PostgreSQL', () => {
  let pgServer: Postgres;
  let redis: Redis;
  const apps: App[] = [];
  let backupDir: string;

  beforeAll(async () => {
    pgServer = await startPostgres({ prefix: 'doctor-pg' });
    redis = await startRedis();
    backupDir = tempDir('doctor-backups');
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await redis?.stop();
    pgServer?.stop();
  });

  async function start(env: Record<string, string | undefined>): Promise<App> {
    const app = await startApp({ ...pgEnv(pgServer), BETTER_AUTH_SECRET: SECRET, LOG_LEVEL: 'warn', ...env });
    apps.push(app);
    return app;
  }

  async function superuser<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: pgServer.superUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  it('a privileged runtime role fails, with the fix', async () => {
    const app = await start({ DATABASE_URL: pgServer.superUrl });
    const r = report(app, { BETTER_AUTH_SECRET: SECRET });
    const role = item(r, 'database.runtime-role');
    expect(role.status).toBe('fail');
    expect(role.evidence).toMatch(/^the app connects as "postgres": SUPERUSER; BYPASSRLS/);
    expect(role.fix).toMatch(/LOGIN role that is not SUPERUSER or BYPASSRLS and owns no tables/);
    expect(r.meets).toBeNull();
    await app.stop();
    apps.splice(apps.indexOf(app), 1);
  });

  it('the auth library on its own role passes; without DATABASE_AUTH_URL it fails, with the fix', async () => {
    // pgEnv gives the auth library its login role, as migrate.mjs set it up: the runtime role lost tika_auth.
    let app = await start({});
    let r = report(app, { BETTER_AUTH_SECRET: SECRET });
    expect(item(r, 'database.auth-role')).toMatchObject({ status: 'pass' });
    expect(item(r, 'database.auth-role').evidence).toMatch(
      /^the auth library logs in as "tika_auth_login" \(tika_auth, pool ≤ 5\); the runtime role "tika_runtime" cannot read/,
    );
    expect(item(r, 'database.runtime-role').evidence).toMatch(/the auth library's "tika_auth_login" neither$/);
    expect(item(r, 'database.pool').evidence).toMatch(/× \(pool ≤ 10 \+ auth pool ≤ 5\)/);
    await app.stop();
    apps.splice(apps.indexOf(app), 1);

    // The same database without DATABASE_AUTH_URL: the auth library would use the runtime role, which has no
    // rights on its tables any more.
    app = await start({ DATABASE_AUTH_URL: undefined });
    r = report(app, { BETTER_AUTH_SECRET: SECRET });
    const auth = item(r, 'database.auth-role');
    expect(auth.status).toBe('fail');
    expect(auth.evidence).toMatch(
      /^DATABASE_AUTH_URL unset, and the runtime role "tika_runtime" is no member of tika_auth/,
    );
    expect(auth.fix).toMatch(/Set DATABASE_AUTH_URL back/);
    await app.stop();
    apps.splice(apps.indexOf(app), 1);
  });

  it('a default secret fails, with the fix', async () => {
    const weak = 'change-me-change-me-change-me-change-me';
    const app = await start({ BETTER_AUTH_SECRET: weak });
    const r = report(app, { BETTER_AUTH_SECRET: weak });
    const secrets = item(r, 'secrets.strong');
    expect(secrets.status).toBe('fail');
    expect(secrets.evidence).toMatch(/BETTER_AUTH_SECRET: a placeholder from an example file/);
    // the test server's database passwords are CI defaults, and the doctor says that too
    expect(secrets.evidence).toMatch(/DATABASE_URL password: a well-known default \("runtime-pw"\)/);
    expect(secrets.fix).toMatch(/openssl rand -base64 32/);
    await app.stop();
    apps.splice(apps.indexOf(app), 1);
  });

  it('no backup, then a real one (scripts/backup.sh), then a stale one — each judged with evidence', async () => {
    const app = await start({ BACKUP_DIR: backupDir, REDIS_URL: redis.url });
    let r = report(app, { BETTER_AUTH_SECRET: SECRET });
    expect(item(r, 'backups.recent')).toMatchObject({ status: 'fail', evidence: 'no backup run recorded' });

    // The real backup script, as the compose backup service runs it (pg_dump as the superuser).
    mkdirSync(backupDir, { recursive: true });
    const backup = spawnSync('bash', [path.join(root, 'scripts', 'backup.sh'), '--once'], {
      env: {
        PATH: process.env.PATH ?? '',
        TIKA_BACKUP_CONTAINER: '1',
        PGHOST: '127.0.0.1',
        PGPORT: String(pgServer.port),
        PGUSER: 'postgres',
        PGDATABASE: 'tika',
        BACKUP_DIR: backupDir,
        // plaintext on purpose: the doctor's "not encrypted" finding is under test (backup.sh refuses it otherwise)
        BACKUP_UNENCRYPTED: '1',
      } as unknown as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
    expect(backup.status, backup.stderr + backup.stdout).toBe(0);
    r = report(app, { BETTER_AUTH_SECRET: SECRET });
    expect(item(r, 'backups.recent').status).toBe('pass');
    expect(item(r, 'backups.recent').evidence).toMatch(
      /^last success \d+ s ago \(tika-\d{8}T\d{6}Z\.dump, [\d.]+ KiB, compose\)$/,
    );
    expect(item(r, 'backups.restorable')).toMatchObject({ status: 'pass' });
    expect(item(r, 'backups.restorable').evidence).toMatch(/sha256 matches the recorded checksum, a pg_dump archive/);
    // Backups exist but are not encrypted: an Enterprise finding.
    expect(item(r, 'backups.encrypted').status).toBe('fail');

    // Age every recorded run by two days: stale.
    await superuser((c) => c.query(`update backup_runs set finished_at = finished_at - interval '50 hours'`));
    r = report(app, { BETTER_AUTH_SECRET: SECRET });
    const stale = item(r, 'backups.recent');
    expect(stale.status).toBe('fail');
    expect(stale.evidence).toMatch(/^stale: last success 2 days ago/);
    expect(stale.fix).toMatch(/docs\/runbooks\/backup-failed\.md/);
  });

  it('Redis down with two replicas: rate limits fail, with the fix', async () => {
    const second = await start({ REDIS_URL: redis.url });
    const first = apps.find((a) => a !== second)!;
    // Both replicas beat into `instances`; with Redis up the limits are shared.
    await waitFor(
      'two live instances',
      async () => {
        const r = report(second, { BETTER_AUTH_SECRET: SECRET });
        return item(r, 'ratelimits.shared').evidence.startsWith('2 live replicas') && r;
      },
      60_000,
      1000,
    );
    let r = report(first, { BETTER_AUTH_SECRET: SECRET });
    expect(item(r, 'ratelimits.shared')).toMatchObject({ status: 'pass' });
    expect(item(r, 'ratelimits.shared').evidence).toMatch(/^2 live replicas; shared redis store answers/);

    await redis.stop();
    r = report(first, { BETTER_AUTH_SECRET: SECRET });
    const shared = item(r, 'ratelimits.shared');
    expect(shared.status).toBe('fail');
    expect(shared.evidence).toMatch(
      /^2 live replicas; the redis store is down \(.+\): fail mode open lets every request through unlimited$/,
    );
    expect(shared.fix).toMatch(/docker compose --profile redis up -d redis/);
    expect(item(r, 'app.ready').status).toBe('warn');
    redis = await startRedis(redis.port);
  });
});
