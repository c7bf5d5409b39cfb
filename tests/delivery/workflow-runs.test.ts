/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML documents of arbitrary shape */
// The workflows' shell steps, run on this machine by scripts/ci/run-workflow.mjs the way a runner runs them (in
// order, in a fresh checkout of HEAD, with the workflow/job/step env, `if:` conditions, GITHUB_OUTPUT/ENV files
// and job outputs passed on). What needs GitHub or a registry (logins, image builds and pushes, scanners,
// `gh release create`, `helm push`) is reported as not run; everything else runs for real here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { helmBin, packageJson, read, readYaml, root } from './support';
// @ts-expect-error -- plain-JS module without declarations
import { condition, evaluate, interpolate } from '../../scripts/ci/workflow-expressions.mjs';

type StepResult = { job: string; step: string; outcome: string; note: string };
const scratch = mkdtempSync(join(tmpdir(), 'tika-workflow-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runWorkflow(args: string[]): { status: number; output: string; results: StepResult[] } {
  const report = join(scratch, `report-${Math.random().toString(36).slice(2)}.json`);
  const run = spawnSync(process.execPath, ['scripts/ci/run-workflow.mjs', ...args, '--report', report], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
  });
  const results = existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')).results as StepResult[]) : [];
  return { status: run.status ?? 1, output: `${run.stdout}\n${run.stderr}`, results };
}
const outcome = (results: StepResult[], step: string) => results.find((r) => r.step === step)?.outcome;
const version = packageJson().version;

describe('expressions as GitHub evaluates them', () => {
  const ctx = (extra: object = {}) => ({
    matrix: { shard: 'selfhost' },
    env: { VERCEL_TOKEN: '', APP_URL: 'https://x' },
    github: { event_name: 'push', ref_name: 'v1.2.3' },
    ...extra,
  });
  it('&& and || return operands; comparisons of strings ignore case; missing properties are null', () => {
    expect(evaluate("matrix.shard == 'selfhost' && 2 || 1", ctx())).toBe(2);
    expect(evaluate("matrix.shard == 'check' && 2 || 1", ctx())).toBe(1);
    expect(evaluate("github.event_name == 'PUSH'", ctx())).toBe(true);
    expect(evaluate('github.nothing.here', ctx())).toBe(null);
    expect(evaluate("format('{0}-{1}', github.ref_name, 'x')", ctx())).toBe('v1.2.3-x');
    expect(interpolate('tag ${{ github.ref_name }}!', ctx())).toBe('tag v1.2.3!');
  });
  it('an if: without a status function means success() && …; failure() and always() see the job status', () => {
    expect(condition("env.VERCEL_TOKEN != ''", ctx())).toBe(false);
    expect(condition("${{ env.APP_URL != '' }}", ctx())).toBe(true);
    expect(condition("env.APP_URL != ''", ctx({ __status: 'failure' }))).toBe(false);
    expect(condition("failure() && env.APP_URL != ''", ctx({ __status: 'failure' }))).toBe(true);
    expect(condition("!cancelled() && matrix.shard == 'selfhost'", ctx({ __status: 'failure' }))).toBe(true);
    expect(() => evaluate('github.ref_name ==', ctx())).toThrow();
  });
});

describe('ci.yml runs what .ci/run runs', () => {
  const shards = /^shards="([^"]+)"/m.exec(read('.ci/run'))![1]!.split(' ');
  const job = readYaml('.github/workflows/ci.yml').jobs.ci;

  it('one job per .ci/run shard, each running `bash .ci/run` with TIKA_CI_ONLY set to its shard', () => {
    expect(job.strategy.matrix.include.map((m: any) => m.shard)).toEqual(shards);
    const run = job.steps.find((s: any) => String(s.run ?? '').includes('bash .ci/run'));
    expect(run.run).toMatch(/TIKA_CI_ONLY="\$SHARD"/);
    expect(run.env.SHARD).toBe('${{ matrix.shard }}');
  });

  it('checks out HEAD~1 for the self-host suite (it builds and upgrades from the previous commit)', () => {
    const checkout = job.steps.find((s: any) => String(s.uses ?? '').startsWith('actions/checkout@'));
    expect(evaluate(checkout.with['fetch-depth'], { matrix: { shard: 'selfhost' } })).toBeGreaterThanOrEqual(2);
  });

  it.each(shards)('shard %s: every step evaluates and every script parses (dry run)', (shard) => {
    const { status, output, results } = runWorkflow([
      '.github/workflows/ci.yml',
      'ci',
      '--matrix',
      `shard=${shard}`,
      '--dry-run',
    ]);
    expect(status, output).toBe(0);
    expect(outcome(results, `bash .ci/run (shard ${shard})`)).toBe('success');
  });

  it('the lockfile step runs for real', () => {
    const { status, output } = runWorkflow([
      '.github/workflows/ci.yml',
      'ci',
      '--matrix',
      'shard=check',
      '--skip-step',
      'Machine packages for this shard (PostgreSQL 15, Redis, Caddy)',
      '--skip-step',
      'bash .ci/run (shard check)',
    ]);
    expect(status, output).toBe(0);
    expect(output).toMatch(/lockfile: npm [\d.]+ ci accepts package-lock.json/);
  });
});

describe('release.yml', () => {
  it(`verify accepts the tag v${version} and refuses one that does not match package.json and the chart`, () => {
    const good = runWorkflow(['.github/workflows/release.yml', 'verify', '--ref', `refs/tags/v${version}`]);
    expect(good.status, good.output).toBe(0);
    const bad = runWorkflow(['.github/workflows/release.yml', 'verify', '--ref', 'refs/tags/v99.0.0']);
    expect(bad.status).toBe(1);
    expect(bad.output).toMatch(/::error::tag v99\.0\.0 does not match/);
  });

  it('verify → chart (lint + package) → github-release (notes from CHANGELOG, with the artefacts)', () => {
    const { status, output, results } = runWorkflow([
      '.github/workflows/release.yml',
      'verify',
      'chart',
      'github-release',
      '--ref',
      `refs/tags/v${version}`,
      '--path',
      dirname(helmBin),
      '--skip-step',
      'Push the chart to GHCR (OCI)',
      '--skip-step',
      'Create the release',
    ]);
    expect(status, output).toBe(0);
    expect(outcome(results, 'Lint and package the chart')).toBe('success');
    expect(outcome(results, 'Release notes from CHANGELOG.md')).toBe('success');
    expect(results.find((r) => r.step.startsWith('azure/setup-helm'))?.outcome).toBe('not-run');
  });

  it('airgap: bundles the pulled release digest with OUT_DIR and no local rebuild', () => {
    const job = readYaml('.github/workflows/release.yml').jobs.airgap;
    const bundle = job.steps.find((s: any) => String(s.run ?? '').includes('npm run airgap:bundle'));
    expect(bundle.env).toMatchObject({ OUT_DIR: 'dist/airgap', TIKA_SKIP_BUILD: '1' });
    expect(JSON.stringify(job)).not.toContain('AIRGAP_OUT_DIR');
    const pull = job.steps.find((s: any) => String(s.run ?? '').includes('docker pull'));
    expect(pull.run).toMatch(/docker pull "\$IMAGE@\$DIGEST"/);
    expect(pull.run).toMatch(/docker pull "\$POSTGRES_IMAGE"/);
    expect(pull.run).toMatch(/docker pull "\$CADDY_IMAGE"/);
    expect(read('scripts/airgap/bundle.sh')).toMatch(/out_dir=\$\{OUT_DIR:-/);
  });
});

describe('deploy.yml', () => {
  it('resolve takes a version from workflow_dispatch and refuses one that is not a release', () => {
    const good = runWorkflow([
      '.github/workflows/deploy.yml',
      'resolve',
      '--event',
      'workflow_dispatch',
      '--input',
      'version=0.1.0',
    ]);
    expect(good.status, good.output).toBe(0);
    const bad = runWorkflow([
      '.github/workflows/deploy.yml',
      'resolve',
      '--event',
      'workflow_dispatch',
      '--input',
      'version=main',
    ]);
    expect(bad.status).toBe(1);
    expect(bad.output).toMatch(/not a released version: 'main'/);
  });

  it('staging without credentials runs no deploy and no smoke test (every target is conditional)', () => {
    const { status, output, results } = runWorkflow([
      '.github/workflows/deploy.yml',
      'resolve',
      'staging',
      '--event',
      'workflow_dispatch',
      '--input',
      `version=${version}`,
      '--tags-at-head',
    ]);
    expect(status, output).toBe(0);
    for (const step of ['Vercel deploy (remote build runs the migrations with the owner URL)', 'Smoke test'])
      expect(outcome(results, step), step).toBe('skipped');
  });
});
