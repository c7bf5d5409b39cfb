// Issue #12, finding 8: backups were written world-readable (0644 in a 0755 directory) and in plaintext unless the
// operator thought of BACKUP_PASSPHRASE — and they hold every password hash and session token. Now backup.sh
// writes 0600 in a 0700 directory (closing down what an older version left open), refuses plaintext unless
// BACKUP_UNENCRYPTED=1, restore.sh refuses a plaintext dump unless --allow-unencrypted, and the air-gapped
// install.sh and upgrade.sh generate BACKUP_PASSPHRASE when .env has none.
// The real scripts run under bash with real openssl/gpg and a real filesystem; `psql`, `pg_dump`, `pg_restore` and
// `docker` are stand-ins on PATH (the database side is not what is under test here; tests/selfhost/run.sh runs the
// same scripts against PostgreSQL in the compose stack, encrypted backup → wipe → restore).
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseKey, root, sealBundle } from './support';

const work = mkdtempSync(join(tmpdir(), 'tika-backup-privacy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const bin = join(work, 'bin');
mkdirSync(bin);
function stub(name: string, body: string) {
  writeFileSync(join(bin, name), `#!/bin/bash\n${body}`);
  chmodSync(join(bin, name), 0o755);
}
// psql: the snapshot coprocess of backup.sh (answers a snapshot id, then the manifest's facts up to __end__), the
// backup_runs row (recorded in the log), and restore.sh's pre-flight questions.
stub(
  'psql',
  `echo "psql $*" >>"$STUB_LOG"
case "$*" in
  *"-v started="*) cat >>"$STUB_LOG"; exit 0 ;;
  *"show server_version_num"*) echo 150008; exit 0 ;;
  *"-d postgres"*) cat >/dev/null; echo "0|"; exit 0 ;;
esac
while IFS= read -r line; do
  case "$line" in
    *pg_export_snapshot*) echo 00000003-0000001B-1 ;;
    *__end__*) printf '%s\\n' server_version_num=150008 migrations=12 rows.public.tickets=3 __end__ ;;
    *'\\q'*) exit 0 ;;
  esac
done`,
);
stub(
  'pg_dump',
  `[ "$1" = --version ] && { echo "pg_dump (PostgreSQL) 15.8"; exit 0; }
echo "pg_dump: dumping contents of table \\"public.tickets\\"" >&2
printf 'PGDMP\\001\\016\\000 password hashes and session tokens'`,
);
stub(
  'pg_restore',
  `[ "$1" = --version ] && { echo "pg_restore (PostgreSQL) 15.8"; exit 0; }; echo "pg_restore $*" >>"$STUB_LOG"`,
);

const isRoot = process.getuid?.() === 0;
let runs = 0;
function run(script: string, args: string[], env: Record<string, string>, cwd?: string) {
  const dir = join(work, `run-${++runs}`);
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'stub.log');
  writeFileSync(log, '');
  const result = spawnSync('bash', [script, ...args], {
    cwd,
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir, NODE_ENV: 'production', STUB_LOG: log, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}`, log: readFileSync(log, 'utf8') };
}
const mode = (path: string) => statSync(path).mode & 0o777;
const octal = (m: number) => m.toString(8).padStart(4, '0');

function backup(env: Record<string, string>, prepare?: (dir: string) => void) {
  const dir = join(work, `backups-${runs + 1}`);
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  prepare?.(dir);
  const result = run(join(root, 'scripts/backup.sh'), ['--once'], {
    TIKA_BACKUP_CONTAINER: '1',
    BACKUP_DIR: dir,
    PGDATABASE: 'tika',
    ...env,
  });
  return { ...result, dir, files: readdirSync(dir).sort() };
}

describe('backup.sh: encrypted by default, 0600 in a 0700 directory', () => {
  it('refuses to write a plaintext dump when BACKUP_PASSPHRASE is empty, and records the failure', () => {
    const run = backup({});
    expect(run.status, run.output).not.toBe(0);
    expect(run.output).toMatch(/BACKUP_PASSPHRASE is empty: refusing to write an unencrypted dump/);
    expect(run.output).toMatch(/BACKUP_UNENCRYPTED=1/);
    expect(run.files.filter((f) => f.startsWith('tika-'))).toEqual([]);
    expect(run.log).not.toMatch(/pg_export_snapshot/); // refused before the database was read
    expect(run.log).toMatch(/-v ok=false/);
  });

  it('encrypts with BACKUP_PASSPHRASE; the dump, its manifest and the marker are 0600 in a 0700 directory', () => {
    const passphrase = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const run = backup({ BACKUP_PASSPHRASE: passphrase });
    expect(run.status, run.output).toBe(0);
    const dump = run.files.find((f) => /^tika-.*\.dump\.(gpg|enc)$/.test(f));
    expect(dump, run.files.join(' ')).toBeDefined();
    const bytes = readFileSync(join(run.dir, dump!));
    expect(bytes.subarray(0, 5).toString()).not.toBe('PGDMP');
    expect(bytes.includes('password hashes')).toBe(false);
    expect(octal(mode(run.dir))).toBe('0700');
    for (const f of run.files) expect(`${f} ${octal(mode(join(run.dir, f)))}`).toBe(`${f} 0600`);
    expect(run.files).toContain('.last-success');
    expect(run.files.some((f) => f.endsWith('.meta'))).toBe(true);
    if (isRoot) {
      for (const f of ['.', ...run.files]) expect(`${f} ${statSync(join(run.dir, f)).uid}`).toBe(`${f} 1001`);
    }
    // and it is the dump, behind the passphrase
    const decrypt = dump!.endsWith('.gpg')
      ? spawnSync('gpg', [
          '--batch',
          '--quiet',
          '--homedir',
          mkdtempSync(join(work, 'gpg-')),
          '--pinentry-mode',
          'loopback',
          '--passphrase',
          passphrase,
          '--decrypt',
          join(run.dir, dump!),
        ])
      : spawnSync('openssl', [
          'enc',
          '-d',
          '-aes-256-cbc',
          '-pbkdf2',
          '-iter',
          '200000',
          '-pass',
          `pass:${passphrase}`,
          '-in',
          join(run.dir, dump!),
        ]);
    expect(decrypt.status, String(decrypt.stderr)).toBe(0);
    expect(decrypt.stdout.subarray(0, 5).toString()).toBe('PGDMP');
  });

  it('closes down a directory and dumps an older version left 0755/0644', () => {
    const run = backup({ BACKUP_PASSPHRASE: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', BACKUP_OWNER: '0:0' }, (dir) => {
      for (const f of ['tika-20250101T000000Z.dump', 'tika-20250101T000000Z.meta', '.last-success']) {
        writeFileSync(join(dir, f), 'old\n', { mode: 0o644 });
        chmodSync(join(dir, f), 0o644);
      }
    });
    expect(run.status, run.output).toBe(0);
    expect(octal(mode(run.dir))).toBe('0700');
    for (const f of run.files) expect(`${f} ${octal(mode(join(run.dir, f)))}`).toBe(`${f} 0600`);
    if (isRoot) expect(statSync(run.dir).uid).toBe(0); // BACKUP_OWNER is honoured
  });

  it('writes plaintext only when told BACKUP_UNENCRYPTED=1, and says so', () => {
    const run = backup({ BACKUP_UNENCRYPTED: '1' });
    expect(run.status, run.output).toBe(0);
    expect(run.output).toMatch(/WARNING: writing an UNENCRYPTED dump/);
    const dump = run.files.find((f) => f.endsWith('.dump'))!;
    expect(readFileSync(join(run.dir, dump)).subarray(0, 5).toString()).toBe('PGDMP');
    expect(octal(mode(join(run.dir, dump)))).toBe('0600');
    expect(octal(mode(run.dir))).toBe('0700');
  });
});

describe('restore.sh refuses a plaintext dump unless --allow-unencrypted', () => {
  function plaintextBackup(name: string) {
    const dir = join(work, `restore-${++runs}`);
    mkdirSync(dir);
    writeFileSync(join(dir, name), 'PGDMP\x01\x0e\x00 planted by someone');
    const sha = spawnSync('sha256sum', [join(dir, name)], { encoding: 'utf8' }).stdout.split(' ')[0];
    const stem = name.replace(/\.dump(\.gpg|\.enc)?$/, '');
    writeFileSync(
      join(dir, `${stem}.meta`),
      `file=${name}\nsha256=${sha}\nencryption=${name.endsWith('.dump') ? 'none' : 'openssl'}\nserver_version_num=150008\n` +
        `pg_dump_version=15.8\ndb_size_bytes=1000\nmigrations=12\n`,
    );
    return dir;
  }
  function restore(dir: string, args: string[]) {
    return run(join(root, 'scripts/restore.sh'), ['latest', '--check', ...args], {
      TIKA_BACKUP_CONTAINER: '1',
      BACKUP_DIR: dir,
      PGDATA_MOUNT: join(dir, 'no-such-volume'),
      BACKUP_PASSPHRASE: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    });
  }

  it('refuses a plaintext dump before asking the database anything', () => {
    const dir = plaintextBackup('tika-20260101T000000Z.dump');
    const r = restore(dir, []);
    expect(r.status, r.output).not.toBe(0);
    expect(r.output).toMatch(/REFUSED: tika-20260101T000000Z\.dump is not encrypted/);
    expect(r.output).toMatch(/--allow-unencrypted/);
    expect(r.log).toBe('');
  });

  it('refuses a plaintext dump named like an encrypted one', () => {
    const dir = plaintextBackup('tika-20260101T000000Z.dump.enc');
    const r = restore(dir, []);
    expect(r.status, r.output).not.toBe(0);
    expect(r.output).toMatch(/is not encrypted/);
  });

  it('goes on with --allow-unencrypted, saying so', () => {
    const dir = plaintextBackup('tika-20260101T000000Z.dump');
    const r = restore(dir, ['--allow-unencrypted']);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/restoring an UNENCRYPTED dump/);
    expect(r.output).toMatch(/pre-flight passed/);
  });
});

// The air-gapped scripts up to the step that would start containers: `docker` records its calls and stops the run
// at `compose … up` (install) or at the pre-upgrade backup's `compose … run` (upgrade).
stub(
  'docker',
  `echo "docker $*" >>"$STUB_LOG"
case "$*" in
  *" up -d "*) cat "$ENV_FILE" >>"$STUB_LOG"; exit 3 ;;
  *" run --rm "*) echo "ENV AT BACKUP:" >>"$STUB_LOG"; cat "$ENV_FILE" >>"$STUB_LOG"; exit 3 ;;
  *" ps -q postgres") exit 0 ;;
  *) exit 0 ;;
esac`,
);

// The bundles are signed (finding 8d) with a key the installation pins.
const keys = releaseKey(work);
function fakeBundle(version: string) {
  const bundle = join(work, `bundle-${++runs}`);
  mkdirSync(join(bundle, 'scripts'), { recursive: true });
  mkdirSync(join(bundle, 'deploy/postgres/initdb'), { recursive: true });
  for (const f of ['install.sh', 'upgrade.sh', 'lib.sh', 'verify.sh'])
    copyFileSync(join(root, 'scripts/airgap', f), join(bundle, f));
  for (const f of ['docker-compose.production.yml', 'Caddyfile', '.env.selfhost.example'])
    copyFileSync(join(root, f), join(bundle, f));
  for (const f of ['backup.sh', 'restore.sh']) copyFileSync(join(root, 'scripts', f), join(bundle, 'scripts', f));
  writeFileSync(join(bundle, 'deploy/postgres/initdb/10-tika-roles.sh'), '# roles\n');
  writeFileSync(join(bundle, 'VERSION'), `${version}\n`);
  writeFileSync(join(bundle, 'MIGRATIONS'), '12\n');
  writeFileSync(join(bundle, 'IMAGES'), `tika:${version} sha256:1 1\n`);
  writeFileSync(join(bundle, 'bundle.env'), `TIKA_VERSION=${version}\nTIKA_IMAGE=tika:${version}\n`);
  writeFileSync(join(bundle, 'images.tar'), 'not really images');
  sealBundle(bundle, keys.key);
  return bundle;
}

describe('the air-gapped installer and upgrade generate BACKUP_PASSPHRASE when .env has none', () => {
  it('install.sh: a new .env gets a generated passphrase, and the backup directory is 0700', () => {
    const bundle = fakeBundle('0.4.0');
    const site = join(work, `site-${runs}`);
    const r = run(join(bundle, 'install.sh'), ['--dir', site, '--public-key', keys.pub], {
      ENV_FILE: join(site, '.env'),
    });
    expect(r.log, r.output).toMatch(/ up -d /); // reached the start of the stack
    const env = readFileSync(join(site, '.env'), 'utf8');
    expect(env).toMatch(/^BACKUP_PASSPHRASE=[0-9a-f]{64}$/m);
    expect(r.output).toMatch(/generated BACKUP_PASSPHRASE .* keep a copy OFF this machine/);
    expect(octal(mode(join(site, 'backups')))).toBe('0700');
  });

  it('upgrade.sh: an installation without one gets it before the pre-upgrade backup, which runs the new script', () => {
    const bundle = fakeBundle('0.5.0');
    const site = join(work, `site-${runs}`);
    mkdirSync(join(site, 'scripts'), { recursive: true });
    writeFileSync(join(site, '.env'), 'TIKA_VERSION=0.4.0\nTIKA_IMAGE=tika:0.4.0\nBACKUP_PASSPHRASE=\n');
    writeFileSync(join(site, 'docker-compose.production.yml'), 'services: {}\n');
    writeFileSync(join(site, 'VERSION'), '0.4.0\n');
    copyFileSync(keys.pub, join(site, 'tika-release.pub'));
    writeFileSync(join(site, 'scripts/backup.sh'), '#!/bin/bash\n# an older backup script\nexit 9\n');
    const r = run(join(bundle, 'upgrade.sh'), ['--dir', site], { ENV_FILE: join(site, '.env') });
    const atBackup = r.log.split('ENV AT BACKUP:')[1];
    expect(atBackup, `${r.output}\n${r.log}`).toBeDefined();
    expect(atBackup).toMatch(/^BACKUP_PASSPHRASE=[0-9a-f]{64}$/m);
    expect(readFileSync(join(site, 'scripts/backup.sh'), 'utf8')).toBe(
      readFileSync(join(root, 'scripts/backup.sh'), 'utf8'),
    );
  });

  it('keeps an existing passphrase, and leaves it empty when the operator chose BACKUP_UNENCRYPTED=1', () => {
    for (const [env, expected] of [
      ['BACKUP_PASSPHRASE=mine-and-kept-elsewhere\n', /^BACKUP_PASSPHRASE=mine-and-kept-elsewhere$/m],
      ['BACKUP_PASSPHRASE=\nBACKUP_UNENCRYPTED=1\n', /^BACKUP_PASSPHRASE=$/m],
    ] as const) {
      const bundle = fakeBundle('0.5.0');
      const site = join(work, `site-${runs}`);
      mkdirSync(join(site, 'scripts'), { recursive: true });
      writeFileSync(join(site, '.env'), `TIKA_VERSION=0.4.0\nTIKA_IMAGE=tika:0.4.0\n${env}`);
      writeFileSync(join(site, 'docker-compose.production.yml'), 'services: {}\n');
      writeFileSync(join(site, 'VERSION'), '0.4.0\n');
      copyFileSync(keys.pub, join(site, 'tika-release.pub'));
      const r = run(join(bundle, 'upgrade.sh'), ['--dir', site], { ENV_FILE: join(site, '.env') });
      expect(r.log, r.output).toMatch(/ENV AT BACKUP:/);
      expect(readFileSync(join(site, '.env'), 'utf8')).toMatch(expected);
      expect(existsSync(join(site, '.env'))).toBe(true);
    }
  });
});
