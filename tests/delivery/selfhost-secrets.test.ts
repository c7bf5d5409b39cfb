// Issue #12, finding 8: the self-host example shipped `change-me` secrets that compose accepted and that were baked
// into the database volume on first start. Now the example leaves every secret empty (compose's `${VAR:?}` refuses
// to start), and the three places that would take a placeholder for good refuse one: the database init script
// (roles get their passwords once, when the volume is created), `migrate`, and the air-gapped installer.
// The scripts run for real (bash, node); only psql is a stand-in that records whether the init script got as far
// as creating roles.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { read, root } from './support';

const SECRETS = [
  'POSTGRES_PASSWORD',
  'TIKA_DB_OWNER_PASSWORD',
  'TIKA_DB_RUNTIME_PASSWORD',
  'TIKA_DB_AUTH_PASSWORD',
  'BETTER_AUTH_SECRET',
];
const secret = () => randomBytes(32).toString('hex');
const work = mkdtempSync(join(tmpdir(), 'tika-secrets-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('self-host secrets have no working default', () => {
  it('the example leaves every secret empty, and compose refuses to start while one is', () => {
    const example = read('.env.selfhost.example');
    const compose = read('docker-compose.production.yml');
    for (const name of SECRETS) {
      expect(example, name).toMatch(new RegExp(`^${name}=$`, 'm'));
      const uses = [...compose.matchAll(new RegExp(`\\$\\{${name}(.)`, 'g'))].map((m) => m[1]);
      expect(uses.length, `${name} is used by the compose file`).toBeGreaterThan(0);
      // `${VAR:?message}`: compose stops with the message when VAR is unset or empty.
      expect(uses, `${name} is always \${${name}:?…}`).toEqual(uses.map(() => ':'));
      expect(compose, name).not.toMatch(new RegExp(`\\$\\{${name}:-`));
    }
    expect(example).not.toMatch(/=change-me$/m);
  });

  // psql stand-in: the init script's only external command. It records that it ran.
  const bin = join(work, 'bin');
  const marker = join(work, 'psql-ran');
  const runInit = (env: Record<string, string>) => {
    rmSync(marker, { force: true });
    if (!existsSync(bin)) {
      mkdirSync(bin, { recursive: true });
      writeFileSync(join(bin, 'psql'), `#!/bin/sh\ncat >/dev/null\ntouch '${marker}'\n`);
      chmodSync(join(bin, 'psql'), 0o755);
    }
    const result = spawnSync('bash', [join(root, 'deploy/postgres/initdb/10-tika-roles.sh')], {
      env: { PATH: `${bin}:${process.env.PATH}`, NODE_ENV: 'production', POSTGRES_DB: 'tika', ...env },
      encoding: 'utf8',
    });
    return { status: result.status, stderr: result.stderr, createdRoles: existsSync(marker) };
  };
  const generated = () => Object.fromEntries(SECRETS.slice(0, 4).map((name) => [name, secret()]));

  it('the database init script creates the roles with generated passwords', () => {
    expect(runInit(generated())).toMatchObject({ status: 0, createdRoles: true });
  });

  it.each([
    ['POSTGRES_PASSWORD', 'change-me'],
    ['TIKA_DB_OWNER_PASSWORD', 'change-me'],
    ['TIKA_DB_RUNTIME_PASSWORD', 'CHANGE-ME'],
    ['TIKA_DB_AUTH_PASSWORD', 'changeme'],
    ['TIKA_DB_RUNTIME_PASSWORD', 'password'],
  ])('the database init script refuses %s=%s before creating any role', (name, value) => {
    const outcome = runInit({ ...generated(), [name]: value });
    expect(outcome.status).not.toBe(0);
    expect(outcome.createdRoles).toBe(false);
    expect(outcome.stderr).toContain(`${name} is a placeholder`);
  });

  const migrate = (env: Record<string, string>) =>
    spawnSync(process.execPath, [join(root, 'scripts/migrate.mjs')], {
      // Port 1 on loopback: nothing listens, so an attempt to connect would fail differently.
      env: { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_DRIVER: 'pg', ...env },
      encoding: 'utf8',
    });
  const url = (user: string, password: string) => `postgres://${user}:${password}@127.0.0.1:1/tika`;

  it.each([
    ['DATABASE_OWNER_URL', { DATABASE_OWNER_URL: url('tika_owner', 'change-me'), DATABASE_URL: url('r', secret()) }],
    ['DATABASE_URL', { DATABASE_OWNER_URL: url('tika_owner', secret()), DATABASE_URL: url('r', 'change-me') }],
    [
      'DATABASE_AUTH_URL',
      {
        DATABASE_OWNER_URL: url('tika_owner', secret()),
        DATABASE_URL: url('r', secret()),
        DATABASE_AUTH_URL: url('a', 'Change-Me'),
      },
    ],
  ])('migrate refuses a placeholder password in %s before connecting', (name, env) => {
    const result = migrate(env);
    expect(result.status).toBe(1);
    const output = result.stdout + result.stderr;
    expect(output).toContain(`${name}: the password is the placeholder`);
    expect(output).not.toMatch(/ECONNREFUSED/);
  });

  it('migrate with generated passwords goes on to connect (and fails only because nothing listens)', () => {
    const result = migrate({ DATABASE_OWNER_URL: url('tika_owner', secret()), DATABASE_URL: url('r', secret()) });
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).not.toContain('placeholder');
    expect(result.stdout + result.stderr).toMatch(/ECONNREFUSED/);
  });

  const checkSecrets = (envFile: string) =>
    spawnSync(
      'bash',
      ['-c', 'source "$1"; check_secrets "$2"', 'check', join(root, 'scripts/airgap/lib.sh'), envFile],
      {
        encoding: 'utf8',
      },
    );

  it('the air-gapped installer refuses an .env with an empty or placeholder secret, and takes generated ones', () => {
    const envFile = join(work, '.env');
    const example = read('.env.selfhost.example');
    writeFileSync(envFile, example);
    const empty = checkSecrets(envFile);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain('POSTGRES_PASSWORD is empty');

    const filled = SECRETS.reduce(
      (text, name) => text.replace(new RegExp(`^${name}=$`, 'm'), `${name}=${secret()}`),
      example,
    );
    writeFileSync(envFile, filled);
    expect(checkSecrets(envFile).status).toBe(0);

    writeFileSync(envFile, filled.replace(/^BETTER_AUTH_SECRET=.*$/m, 'BETTER_AUTH_SECRET=change-me'));
    const placeholder = checkSecrets(envFile);
    expect(placeholder.status).toBe(1);
    expect(placeholder.stderr).toContain('BETTER_AUTH_SECRET is the placeholder');
  });
});
