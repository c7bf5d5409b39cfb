#!/usr/bin/env node
// The Docker image's size: the image the self-host suite builds (tests/selfhost/run.sh: the Dockerfile of this
// tree on the stand-in base image tika-ci/node:24, built with --pull=false), measured with `docker image inspect`
// and `docker save | gzip -1`. Needs a Docker engine: it is started with ../shared/ci/docker-engine.sh and the base
// images are built with ../shared/ci/base-images/build-all.sh (it skips existing ones) when those scripts exist.
// Never pulls. With no engine the result says why instead of giving a figure. The image it builds is removed
// afterwards; the base images stay (they are shared with the self-host suite).
// Writes bench/results/image.json.
//
//   node bench/report/image.mjs [--no-start] (do not start an engine that is not running)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gitCommit, root } from './servers.mjs';

const { values: args } = parseArgs({ options: { 'no-start': { type: 'boolean', default: false } } });
const shared = process.env.SHARED_CI ?? path.resolve(root, '..', 'shared', 'ci');
const BASE_IMAGE = 'tika-ci/node:24';

function sh(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return {
    ok: result.status === 0,
    stdout: result.stdout ?? '',
    stderr: (result.stderr ?? '') + (result.error ? String(result.error) : ''),
  };
}

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
  if (!sh('docker', ['image', 'inspect', BASE_IMAGE]).ok) {
    const buildAll = path.join(shared, 'base-images', 'build-all.sh');
    if (!existsSync(buildAll))
      return { available: false, reason: `the base image ${BASE_IMAGE} is missing and ${buildAll} does not exist` };
    const built = sh('bash', [buildAll], { timeout: 1_200_000 });
    if (!built.ok)
      return {
        available: false,
        reason: `building the base images failed: ${built.stderr.trim().split('\n').slice(-3).join(' ')}`,
      };
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
      '--secret',
      'id=ca_bundle,src=/etc/ssl/certs/ca-certificates.crt',
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
    const baseSize = Number(sh('docker', ['image', 'inspect', '--format', '{{.Size}}', BASE_IMAGE]).stdout.trim());
    const saved = sh('bash', ['-c', `docker save "${tag}" | gzip -1 | wc -c`], { timeout: 600_000 });
    return {
      available: true,
      image: tag,
      baseImage: BASE_IMAGE,
      sizeMB: Math.round(size / 1e6),
      baseSizeMB: Math.round(baseSize / 1e6),
      tikaLayersMB: Math.round((size - baseSize) / 1e6),
      gzippedMB: saved.ok ? Math.round(Number(saved.stdout.trim()) / 1e6) : null,
      buildSeconds,
    };
  } finally {
    sh('docker', ['rmi', '-f', tag]);
  }
}

const result = { suite: 'image', finishedAt: new Date().toISOString(), commit: gitCommit(), ...measure() };
result.ok = result.available;
mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
writeFileSync(path.join(root, 'bench', 'results', 'image.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  result.available
    ? `image ${result.sizeMB} MB (base ${result.baseSizeMB} MB, Tika layers ${result.tikaLayersMB} MB), docker save | gzip ${result.gzippedMB} MB; built in ${result.buildSeconds} s`
    : `image size: not measured — ${result.reason}`,
);
