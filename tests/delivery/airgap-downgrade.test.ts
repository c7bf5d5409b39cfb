// Issue #12, finding 8: the air-gapped upgrade.sh silently installed an older bundle over a newer installation.
// Now it compares, before anything is loaded, the bundle's version and migrations with the installation's (its
// VERSION, and the migrations applied to its running database — or, with the database down, the MIGRATIONS file
// the last install/upgrade left) and refuses an older bundle unless told --allow-downgrade.
// The bundle's real upgrade.sh and lib.sh run under bash in a bundle directory with real checksums; `docker` is a
// stand-in that answers the compose calls the check makes and records whether `docker load` (the first step that
// changes anything) was reached — where it stops the run. The full upgrade runs in tests/selfhost/run.sh.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseKey, root, sealBundle } from './support';

const work = mkdtempSync(join(tmpdir(), 'tika-downgrade-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Bundles are signed (finding 8d): these are, with a key the installation pinned.
const keys = releaseKey(work);
const bin = join(work, 'bin');
mkdirSync(bin);
writeFileSync(
  join(bin, 'docker'),
  `#!/bin/bash
echo "$*" >>"$STUB_LOG"
case "$*" in
  "compose version"|info) exit 0 ;;
  load*) echo LOADED >>"$STUB_LOG"; exit 3 ;;
  *" ps -q postgres") [ "$STUB_PG" = up ] && echo 4f1c0ffee; exit 0 ;;
  *" exec -T postgres psql "*) [ -n "$STUB_APPLIED" ] || exit 2; cat >/dev/null; echo "$STUB_APPLIED"; exit 0 ;;
  *) exit 0 ;;
esac
`,
);
chmodSync(join(bin, 'docker'), 0o755);

let runs = 0;
interface Case {
  installed: string;
  bundle: string;
  bundleMigrations: number;
  /** Migrations applied to the installation's running database; null: the database is not running. */
  applied: number | null;
  /** The MIGRATIONS file an earlier install/upgrade left in the installation directory. */
  installedMigrations?: number;
  args?: string[];
}

function upgrade(c: Case) {
  const dir = join(work, `run-${++runs}`);
  const bundle = join(dir, 'bundle');
  const site = join(dir, 'site');
  mkdirSync(bundle, { recursive: true });
  mkdirSync(site, { recursive: true });
  for (const f of ['upgrade.sh', 'lib.sh']) copyFileSync(join(root, 'scripts/airgap', f), join(bundle, f));
  writeFileSync(join(bundle, 'VERSION'), `${c.bundle}\n`);
  writeFileSync(join(bundle, 'MIGRATIONS'), `${c.bundleMigrations}\n`);
  writeFileSync(join(bundle, 'IMAGES'), `tika:${c.bundle} sha256:1 1\n`);
  writeFileSync(join(bundle, 'bundle.env'), `TIKA_VERSION=${c.bundle}\nTIKA_IMAGE=tika:${c.bundle}\n`);
  writeFileSync(join(bundle, 'images.tar'), 'not really images');
  sealBundle(bundle, keys.key);
  copyFileSync(keys.pub, join(site, 'tika-release.pub'));
  writeFileSync(join(site, '.env'), `TIKA_VERSION=${c.installed}\nTIKA_IMAGE=tika:${c.installed}\nBACKUP_KEEP=3\n`);
  writeFileSync(join(site, 'docker-compose.production.yml'), 'services: {}\n');
  writeFileSync(join(site, 'VERSION'), `${c.installed}\n`);
  if (c.installedMigrations !== undefined) writeFileSync(join(site, 'MIGRATIONS'), `${c.installedMigrations}\n`);
  const log = join(dir, 'docker.log');
  writeFileSync(log, '');
  const result = spawnSync('bash', [join(bundle, 'upgrade.sh'), '--dir', site, ...(c.args ?? [])], {
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      NODE_ENV: 'production',
      STUB_LOG: log,
      STUB_PG: c.applied === null ? 'down' : 'up',
      STUB_APPLIED: c.applied === null ? '' : String(c.applied),
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return {
    status: result.status,
    output: `${result.stdout}${result.stderr}`,
    loaded: readFileSync(log, 'utf8').includes('LOADED'),
  };
}

describe('upgrade.sh refuses an older bundle unless told --allow-downgrade', () => {
  it('refuses an older release with fewer migrations than the database has, before loading anything', () => {
    const run = upgrade({ installed: '0.3.0', bundle: '0.2.0', bundleMigrations: 9, applied: 11 });
    expect(run.loaded, run.output).toBe(false);
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/older/);
    expect(run.output).toMatch(/--allow-downgrade/);
  });

  it('refuses a build of the same release whose migrations the database is past (versions that do not order)', () => {
    const run = upgrade({ installed: '0.1.0-gaaaa1111', bundle: '0.1.0-gbbbb2222', bundleMigrations: 10, applied: 11 });
    expect(run.loaded, run.output).toBe(false);
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/10 migrations.*11|11.*10 migrations/s);
  });

  it('refuses an older release even when the schema is the same', () => {
    const run = upgrade({ installed: '0.3.0', bundle: '0.2.9', bundleMigrations: 11, applied: 11 });
    expect(run.loaded, run.output).toBe(false);
    expect(run.status).not.toBe(0);
  });

  it('with the database down, compares with the migrations the last install or upgrade left', () => {
    const run = upgrade({
      installed: '0.1.0-gaaaa1111',
      bundle: '0.1.0-gbbbb2222',
      bundleMigrations: 10,
      applied: null,
      installedMigrations: 11,
    });
    expect(run.loaded, run.output).toBe(false);
    expect(run.status).not.toBe(0);
  });

  it('goes on for a newer bundle: more migrations, or a higher release (0.10.0 after 0.9.0)', () => {
    for (const c of [
      { installed: '0.1.0-gaaaa1111', bundle: '0.1.0-gbbbb2222', bundleMigrations: 12, applied: 11 },
      { installed: '0.9.0', bundle: '0.10.0', bundleMigrations: 11, applied: 11 },
      { installed: '0.9.0', bundle: '0.9.0', bundleMigrations: 11, applied: 11 },
      { installed: '0.1.0-gaaaa1111', bundle: '0.1.0-gbbbb2222', bundleMigrations: 11, applied: null },
    ]) {
      const run = upgrade(c);
      expect(run.loaded, `${JSON.stringify(c)}\n${run.output}`).toBe(true);
      expect(run.output).not.toMatch(/refusing/);
    }
  });

  it('goes on with --allow-downgrade, saying what it does', () => {
    const run = upgrade({
      installed: '0.3.0',
      bundle: '0.2.0',
      bundleMigrations: 9,
      applied: 11,
      args: ['--allow-downgrade'],
    });
    expect(run.loaded, run.output).toBe(true);
    expect(run.output).toMatch(/downgrad/i);
  });
});
