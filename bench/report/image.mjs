#!/usr/bin/env node
// The Docker image's size: the image the self-host suite builds (tests/selfhost/run.sh: the Dockerfile of this
// tree, built with --pull=false), measured with `docker image inspect`, `docker save | gzip -1`, and inside the image
// with node (what it holds, largest first). The node binary and its libraries come from NODE_IMAGE: on the team's
// machines the stand-in tika-ci/node:24 (../shared/ci starts the engine and builds it, skipping existing images;
// nothing is pulled there), elsewhere the Dockerfile's default official image, pulled when missing.
// With no engine the result says why instead of giving a figure. The image it builds is removed afterwards.
// Writes bench/results/image.json.
//
//   node bench/report/image.mjs [--no-start] (do not start an engine that is not running)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gitCommit, root } from './servers.mjs';

const { values: args } = parseArgs({ options: { 'no-start': { type: 'boolean', default: false } } });
const shared = process.env.SHARED_CI ?? path.resolve(root, '..', 'shared', 'ci');
const standin = existsSync(path.join(shared, 'base-images', 'build-all.sh'));
const BASE_IMAGE =
  process.env.NODE_IMAGE ??
  (standin
    ? 'tika-ci/node:24'
    : /^ARG NODE_IMAGE=(.+)$/m.exec(readFileSync(path.join(root, 'Dockerfile'), 'utf8'))?.[1]?.trim());

/**
 * @param {string} command
 * @param {string[]} commandArgs
 * @param {Omit<import('node:child_process').SpawnSyncOptions, 'encoding'>} [options]
 */
function sh(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return {
    ok: result.status === 0,
    stdout: result.stdout ?? '',
    stderr: (result.stderr ?? '') + (result.error ? String(result.error) : ''),
  };
}

// Run inside the image (no shell there): sizes of the runtime's parts and of /app's, largest first.
const CONTENTS = `
const fs = require('fs'), path = require('path');
const du = (p) => { const s = fs.lstatSync(p); if (!s.isDirectory()) return s.size; let t = 0; for (const e of fs.readdirSync(p)) t += du(path.join(p, e)); return t; };
const rows = [];
for (const p of ['/usr/local/bin/node', '/lib', '/lib64', '/usr/lib', '/etc', '/var', '/app/.next/server', '/app/.next/static', '/app/public', '/app/drizzle', '/app/scripts', '/app/server.js'])
  if (fs.existsSync(p)) rows.push([p, du(p)]);
for (const m of fs.readdirSync('/app/node_modules')) {
  const p = '/app/node_modules/' + m;
  if (m.startsWith('@')) for (const n of fs.readdirSync(p)) rows.push([p + '/' + n, du(p + '/' + n)]);
  else rows.push([p, du(p)]);
}
rows.sort((a, b) => b[1] - a[1]);
console.log(JSON.stringify(rows.filter((r) => r[1] >= 100000).slice(0, 20).map(([p, s]) => ({ path: p, MB: Math.round(s / 1e5) / 10 }))));
`;

const engineUp = () => sh('docker', ['info'], { timeout: 30_000 }).ok;

function measure() {
  const commit = gitCommit() ?? 'unknown';
  if (!engineUp()) {
    const script = path.join(shared, 'docker-engine.sh');
    if (args['no-start'])
      return { available: false, reason: 'no Docker engine answering (docker info failed) and --no-start was given' };
    if (!existsSync(script))
      return { available: false, reason: `no Docker engine answering, and no ${script} to start one` };
    const started = sh('bash', [script], { timeout: 300_000 });
    if (!started.ok || !engineUp())
      return {
        available: false,
        reason: `no Docker engine: ${script} failed: ${started.stderr.trim().split('\n').slice(-3).join(' ')}`,
      };
  }
  if (!BASE_IMAGE) return { available: false, reason: 'no NODE_IMAGE and none in the Dockerfile' };
  if (!sh('docker', ['image', 'inspect', BASE_IMAGE]).ok) {
    if (standin) {
      const built = sh('bash', [path.join(shared, 'base-images', 'build-all.sh')], { timeout: 1_200_000 });
      if (!built.ok)
        return {
          available: false,
          reason: `building the base images failed: ${built.stderr.trim().split('\n').slice(-3).join(' ')}`,
        };
    } else if (!sh('docker', ['pull', '-q', BASE_IMAGE], { timeout: 600_000 }).ok)
      return { available: false, reason: `the node image ${BASE_IMAGE} is missing and could not be pulled` };
  }
  const tag = `tika-report-${process.pid}:${commit}`;
  const t0 = performance.now();
  const build = sh(
    'docker',
    [
      'build',
      '--network',
      'host',
      '--pull=false',
      ...(existsSync('/etc/ssl/certs/ca-certificates.crt')
        ? ['--secret', 'id=ca_bundle,src=/etc/ssl/certs/ca-certificates.crt']
        : []),
      '--build-arg',
      `NODE_IMAGE=${BASE_IMAGE}`,
      '--build-arg',
      `REVISION=${commit}`,
      '-t',
      tag,
      root,
    ],
    { env: { ...process.env, DOCKER_BUILDKIT: '1' }, timeout: 1_200_000 },
  );
  const buildSeconds = Number(((performance.now() - t0) / 1000).toFixed(1));
  if (!build.ok)
    return {
      available: false,
      reason: `docker build failed: ${(build.stderr || build.stdout).trim().split('\n').slice(-5).join(' ')}`,
    };
  try {
    const size = Number(sh('docker', ['image', 'inspect', '--format', '{{.Size}}', tag]).stdout.trim());
    // Layer sizes from the history: the runtime is the COPY of the rootfs stage, Tika's the COPYs into /app.
    const layers = sh('docker', [
      'history',
      '--no-trunc',
      '--human=false',
      '--format',
      '{{.Size}}\t{{.CreatedBy}}',
      tag,
    ])
      .stdout.trim()
      .split('\n')
      .map((line) => line.split('\t'))
      .map(([bytes, by]) => ({ bytes: Number(bytes), by: by ?? '' }));
    const sum = (/** @type {(by: string) => boolean} */ test) =>
      layers.filter((l) => test(l.by)).reduce((total, l) => total + l.bytes, 0);
    const runtime = sum((by) => by.includes('/rootfs/'));
    const app = sum((by) => /COPY \/app\//.test(by) || by.includes('COPY --from=build'));
    const inside = sh('docker', ['run', '--rm', '--network', 'none', '--entrypoint', 'node', tag, '-e', CONTENTS], {
      timeout: 120_000,
    });
    const saved = sh('bash', ['-c', `docker save "${tag}" | gzip -1 | wc -c`], { timeout: 600_000 });
    return {
      available: true,
      image: tag,
      nodeImage: BASE_IMAGE,
      sizeMB: Math.round(size / 1e5) / 10,
      runtimeMB: Math.round(runtime / 1e5) / 10,
      appMB: Math.round(app / 1e5) / 10,
      gzippedMB: saved.ok ? Math.round(Number(saved.stdout.trim()) / 1e6) : null,
      buildSeconds,
      contents: inside.ok ? JSON.parse(inside.stdout.trim().split('\n').at(-1) ?? '') : [],
    };
  } finally {
    sh('docker', ['rmi', '-f', tag]);
  }
}

const measured = measure();
const result = {
  suite: 'image',
  finishedAt: new Date().toISOString(),
  commit: gitCommit(),
  ...measured,
  ok: measured.available,
};
mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
writeFileSync(path.join(root, 'bench', 'results', 'image.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  result.available
    ? `image ${result.sizeMB} MB (runtime ${result.runtimeMB} MB, Tika ${result.appMB} MB), docker save | gzip ${result.gzippedMB} MB; built in ${result.buildSeconds} s`
    : `image size: not measured — ${result.reason}`,
);
