// Issue #12, finding 8: the air-gapped bundle's checksums proved integrity, not origin — whoever could alter the
// bundle in transit could rewrite SHA256SUMS too, and install.sh would load their images. Now the release signs
// SHA256SUMS with its offline Ed25519 key (bundle.sh, TIKA_SIGNING_KEY); install.sh verifies the signature with the
// public key the operator passes (--public-key) and pins it, upgrade.sh uses the pinned key, and both refuse —
// before anything is loaded — a bundle that is tampered with, signed by another key, or carries a file SHA256SUMS
// does not name; an unsigned bundle (or no key) only with --allow-unsigned. verify.sh does the same checks alone.
// The real bundle.sh builds the bundle (docker is a stand-in that saves a small images.tar); the real install.sh,
// upgrade.sh and verify.sh run under bash with real openssl; `docker` records whether `docker load` — the first step
// that changes anything — was reached.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseKey, root, sealBundle } from './support';

const work = mkdtempSync(join(tmpdir(), 'tika-signature-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const release = releaseKey(work, 'release');
const attacker = releaseKey(work, 'attacker');

const bin = join(work, 'bin');
mkdirSync(bin);
writeFileSync(
  join(bin, 'docker'),
  `#!/bin/bash
echo "$*" >>"$STUB_LOG"
case "$*" in
  "compose version"|info) exit 0 ;;
  "image inspect --format"*) echo "\${@: -1} sha256:0123 4567" ;;
  "save -o "*) echo "not really images: $*" >"$3" ;;
  load*) echo LOADED >>"$STUB_LOG"; [ "$STUB_LOAD" = ok ] && exit 0; exit 3 ;;
  *" up -d "*) exit 3 ;;
  *) exit 0 ;;
esac
`,
);
chmodSync(join(bin, 'docker'), 0o755);
const env = (log: string, extra: Record<string, string> = {}) => ({
  PATH: `${bin}:${process.env.PATH}`,
  HOME: work,
  NODE_ENV: 'production' as const,
  STUB_LOG: log,
  ...extra,
});

let signed = '';
let unsigned = '';
function build(name: string, key?: string) {
  const out = join(work, `dist-${name}`);
  const log = join(work, `bundle-${name}.log`);
  writeFileSync(log, '');
  const r = spawnSync('bash', [join(root, 'scripts/airgap/bundle.sh')], {
    cwd: root,
    env: {
      ...env(log),
      TIKA_SKIP_BUILD: '1',
      TIKA_VERSION: '0.9.0',
      TIKA_IMAGE: 'tika:0.9.0',
      OUT_DIR: out,
      BUNDLE_GZIP_LEVEL: '1',
      ...(key ? { TIKA_SIGNING_KEY: key } : {}),
    },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  const dir = join(work, `extracted-${name}`);
  mkdirSync(dir);
  execFileSync('tar', ['-xzf', join(out, 'tika-airgap-0.9.0.tar.gz'), '-C', dir, '--strip-components=1']);
  return { dir, output: `${r.stdout}${r.stderr}` };
}

beforeAll(() => {
  const s = build('signed', release.key);
  expect(s.output).toMatch(/signed SHA256SUMS \(Ed25519, public key sha256:[0-9a-f]{32}\)/);
  signed = s.dir;
  const u = build('unsigned');
  expect(u.output).toMatch(/NOT signed/);
  unsigned = u.dir;
}, 240_000);

let runs = 0;
/** A copy of an extracted bundle, changed by `alter`, then run: install.sh (default) or another script. */
function attempt(
  source: () => string,
  args: string[],
  alter?: (dir: string) => void,
  opts: { script?: string; load?: 'ok'; site?: (dir: string) => void } = {},
) {
  const dir = join(work, `run-${++runs}`);
  const bundle = join(dir, 'bundle');
  cpSync(source(), bundle, { recursive: true });
  alter?.(bundle);
  const site = join(dir, 'site');
  opts.site?.(site);
  const log = join(dir, 'docker.log');
  writeFileSync(log, '');
  const script = opts.script ?? 'install.sh';
  const r = spawnSync('bash', [join(bundle, script), ...(script === 'verify.sh' ? [] : ['--dir', site]), ...args], {
    env: env(log, { STUB_LOAD: opts.load ?? '' }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return {
    status: r.status,
    output: `${r.stdout}${r.stderr}`,
    loaded: readFileSync(log, 'utf8').includes('LOADED'),
    site,
  };
}
const key = ['--public-key', release.pub];
const swapImages = (dir: string) => writeFileSync(join(dir, 'images.tar'), 'the attacker images');

describe('the air-gapped bundle is signed, and the installer checks its origin before loading anything', () => {
  it('a signed bundle verifies with the release key: install.sh loads it and pins the key; verify.sh agrees', () => {
    expect(existsSync(join(signed, 'SHA256SUMS.sig'))).toBe(true);
    expect(existsSync(join(signed, 'verify.sh'))).toBe(true);
    const run = attempt(() => signed, key, undefined, { load: 'ok' });
    expect(run.loaded, run.output).toBe(true);
    expect(run.output).toMatch(/verifying the signature \(Ed25519, key sha256:[0-9a-f]{32}\)/);
    expect(readFileSync(join(run.site, 'tika-release.pub'), 'utf8')).toBe(readFileSync(release.pub, 'utf8'));
    expect(existsSync(join(run.site, 'airgap/verify.sh'))).toBe(true);
    const v = attempt(() => signed, key, undefined, { script: 'verify.sh' });
    expect(v.status, v.output).toBe(0);
    expect(v.output).toMatch(/verified: .* is intact and signed by sha256:/);
  });

  it('refuses a bundle whose images were swapped and SHA256SUMS rewritten to match (the checksums alone passed)', () => {
    const tamper = (dir: string) => {
      swapImages(dir);
      sealBundle(dir); // rewrites SHA256SUMS, keeps the release's (now wrong) signature
    };
    const run = attempt(() => signed, key, tamper);
    expect(run.loaded, run.output).toBe(false);
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/signature verification FAILED/);
    expect(attempt(() => signed, [...key, '--allow-unsigned'], tamper).loaded).toBe(false); // never overridable
    expect(attempt(() => signed, key, tamper, { script: 'verify.sh' }).status).not.toBe(0);
  });

  it('refuses a bundle re-signed with another key', () => {
    const run = attempt(
      () => signed,
      key,
      (dir) => {
        swapImages(dir);
        sealBundle(dir, attacker.key);
      },
    );
    expect(run.loaded, run.output).toBe(false);
    expect(run.output).toMatch(/signature verification FAILED/);
  });

  it('refuses a changed file under a valid signature (checksums), and a file SHA256SUMS does not name', () => {
    const changed = attempt(() => signed, key, swapImages);
    expect(changed.loaded, changed.output).toBe(false);
    expect(changed.output).toMatch(/checksum verification FAILED/);
    const added = attempt(
      () => signed,
      key,
      (dir) => writeFileSync(join(dir, 'deploy/postgres/initdb/99-extra.sh'), 'echo planted\n'),
    );
    expect(added.loaded, added.output).toBe(false);
    expect(added.output).toMatch(/files SHA256SUMS does not name \(deploy\/postgres\/initdb\/99-extra\.sh\)/);
  });

  it('refuses an unsigned bundle, or one with no key to check it, unless --allow-unsigned (which says so)', () => {
    const noSig = attempt(() => unsigned, key);
    expect(noSig.loaded, noSig.output).toBe(false);
    expect(noSig.output).toMatch(/not signed \(no SHA256SUMS\.sig\).*--allow-unsigned/);
    const noKey = attempt(() => signed, []);
    expect(noKey.loaded, noKey.output).toBe(false);
    expect(noKey.output).toMatch(/no public key/);
    const allowed = attempt(() => unsigned, ['--allow-unsigned']);
    expect(allowed.loaded, allowed.output).toBe(true);
    expect(allowed.output).toMatch(/WARNING: going on with a bundle whose origin is NOT verified/);
  });

  it('upgrade.sh checks with the key the installation pinned', () => {
    const installed = (site: string) => {
      mkdirSync(site, { recursive: true });
      writeFileSync(join(site, '.env'), 'TIKA_VERSION=0.8.0\nTIKA_IMAGE=tika:0.8.0\n');
      writeFileSync(join(site, 'docker-compose.production.yml'), 'services: {}\n');
      writeFileSync(join(site, 'VERSION'), '0.8.0\n');
      copyFileSync(release.pub, join(site, 'tika-release.pub'));
    };
    const good = attempt(() => signed, [], undefined, { script: 'upgrade.sh', site: installed });
    expect(good.loaded, good.output).toBe(true);
    const forged = attempt(
      () => signed,
      [],
      (dir) => {
        appendFileSync(join(dir, 'upgrade.sh'), '\n# changed\n');
        sealBundle(dir, attacker.key);
      },
      { script: 'upgrade.sh', site: installed },
    );
    // (a forged upgrade.sh could skip its own check: that is why the installation's verify.sh exists — below)
    expect(forged.loaded, forged.output).toBe(false);
    expect(forged.output).toMatch(/signature verification FAILED/);
  });

  it('sign.sh signs a bundle built without the key (the release workflow), offline; it then verifies', () => {
    const tarball = join(work, 'to-sign/tika-airgap-0.9.0.tar.gz');
    mkdirSync(join(work, 'to-sign'));
    copyFileSync(join(work, 'dist-unsigned/tika-airgap-0.9.0.tar.gz'), tarball);
    const r = spawnSync('bash', [join(root, 'scripts/airgap/sign.sh'), '--key', release.key, tarball], {
      env: env(join(work, 'sign.log')),
      encoding: 'utf8',
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const check = spawnSync('sha256sum', ['-c', 'tika-airgap-0.9.0.tar.gz.sha256'], { cwd: join(work, 'to-sign') });
    expect(check.status).toBe(0);
    const dir = join(work, 'signed-later');
    mkdirSync(dir);
    execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
    const v = spawnSync('bash', [join(dir, 'verify.sh'), '--public-key', release.pub], {
      env: env(join(work, 'v2.log')),
      encoding: 'utf8',
    });
    expect(v.status, v.stdout + v.stderr).toBe(0);
  });

  it("the installation's own verify.sh (with its pinned key) refuses a forged bundle", () => {
    const site = join(work, 'verifier-site');
    mkdirSync(join(site, 'airgap'), { recursive: true });
    for (const f of ['verify.sh', 'lib.sh']) copyFileSync(join(signed, f), join(site, 'airgap', f));
    copyFileSync(release.pub, join(site, 'tika-release.pub'));
    const forged = join(work, 'forged');
    cpSync(signed, forged, { recursive: true });
    writeFileSync(join(forged, 'upgrade.sh'), '#!/bin/bash\necho "no checks here"\n');
    sealBundle(forged, attacker.key);
    const check = (dir: string) =>
      spawnSync('bash', [join(site, 'airgap/verify.sh'), dir], { env: env(join(work, 'v.log')), encoding: 'utf8' });
    const bad = check(forged);
    expect(bad.status, bad.stdout + bad.stderr).not.toBe(0);
    expect(bad.stderr).toMatch(/signature verification FAILED/);
    const good = check(signed);
    expect(good.status, good.stdout + good.stderr).toBe(0);
  });
});
