#!/usr/bin/env node
// Runs a GitHub Actions workflow's jobs on this machine the way a runner would run their shell steps: in order,
// in a fresh checkout, with the workflow's, job's and step's `env:`, the `${{ … }}` expressions evaluated, `if:`
// conditions honoured, GITHUB_OUTPUT / GITHUB_ENV / GITHUB_PATH / GITHUB_STEP_SUMMARY files between steps, job
// outputs passed to the jobs that need them, and `bash --noprofile --norc -eo pipefail` as the shell.
// There is no GitHub here, so `uses:` steps are emulated where that is faithful (checkout: a `git clone` of this
// repository at the given depth; setup-node: the Node on PATH must be that major; upload/download-artifact: a
// local directory shared by the jobs of one invocation) and reported as not run otherwise (registry logins,
// image builds and pushes, scanners) — the report says which.
//
//   node scripts/ci/run-workflow.mjs .github/workflows/release.yml verify chart … [options]
//     --event NAME           github.event_name (default push)
//     --ref REF              github.ref (default refs/heads/main); github.ref_name is derived
//     --input K=V            inputs.K (workflow_dispatch)        --var K=V     vars.K
//     --secret K=V           secrets.K                           --matrix K=V  matrix.K (for a matrix job)
//     --event-json FILE      github.event (e.g. a workflow_run payload)
//     --path DIR             prepended to every step's PATH (e.g. stand-ins for tools GitHub provides)
//     --env K=V              extra environment for every step (e.g. image names for this machine)
//     --skip-step NAME       do not run the step with this name (reported as skipped, with the reason "asked")
//     --tags-at-head         a checkout of a ref this repository lacks (a release tag not made here) takes HEAD
//     --dry-run              evaluate everything and check each script with `bash -n`, run nothing
//     --keep                 keep the work directory (printed)
// Exit status: 0 when every step that ran succeeded (or, with --dry-run, every script parsed), 1 otherwise.
// A JSON report of every step is written to --report FILE when given.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { condition, interpolate } from './workflow-expressions.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    event: { type: 'string', default: 'push' },
    ref: { type: 'string', default: 'refs/heads/main' },
    input: { type: 'string', multiple: true, default: [] },
    var: { type: 'string', multiple: true, default: [] },
    secret: { type: 'string', multiple: true, default: [] },
    matrix: { type: 'string', multiple: true, default: [] },
    env: { type: 'string', multiple: true, default: [] },
    path: { type: 'string', multiple: true, default: [] },
    'event-json': { type: 'string' },
    'skip-step': { type: 'string', multiple: true, default: [] },
    'dry-run': { type: 'boolean', default: false },
    'tags-at-head': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    report: { type: 'string' },
  },
});

/** @typedef {import('./workflow-expressions.mjs').Context} Context */
/**
 * @typedef {{ name?: string, uses?: string, run?: string, id?: string, if?: unknown, shell?: string,
 *   env?: Record<string, unknown>, with?: Record<string, unknown>, 'working-directory'?: string,
 *   'continue-on-error'?: boolean }} Step
 * @typedef {{ name?: string, if?: unknown, env?: Record<string, unknown>, outputs?: Record<string, unknown>,
 *   steps?: Step[] }} Job
 * @typedef {{ job: string, step: string, outcome: string, note: string, seconds?: number }} StepResult
 */

/** @param {string[]} list K=V pairs */
const pairs = (list) =>
  Object.fromEntries(
    list.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`expected K=V, got "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );

const [workflowFile, ...jobNames] = positionals;
if (!workflowFile || jobNames.length === 0) {
  console.error('usage: run-workflow.mjs WORKFLOW.yml JOB [JOB…] [options]  (see the header)');
  process.exit(2);
}
const workflow = /** @type {{ name?: string, env?: Record<string, unknown>, jobs: Record<string, Job> }} */ (
  YAML.parse(readFileSync(path.resolve(repo, workflowFile), 'utf8'))
);
for (const job of jobNames) if (!workflow.jobs?.[job]) throw new Error(`${workflowFile} has no job "${job}"`);

const work = mkdtempSync(path.join(os.tmpdir(), 'tika-workflow-'));
const artifacts = path.join(work, 'artifacts');
mkdirSync(artifacts);
const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
const ref = opts.ref;
const github = {
  event_name: opts.event,
  ref,
  ref_name: ref.replace(/^refs\/(heads|tags)\//, ''),
  ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
  sha,
  repository: 'tika-org/tika',
  repository_owner: 'tika-org',
  actor: 'local-runner',
  run_id: String(process.pid),
  run_number: '1',
  server_url: 'https://github.com',
  workspace: path.join(work, 'workspace'),
  event: opts['event-json'] ? JSON.parse(readFileSync(opts['event-json'], 'utf8')) : {},
};
const base = {
  github,
  inputs: pairs(opts.input),
  vars: pairs(opts.var),
  secrets: { GITHUB_TOKEN: '', ...pairs(opts.secret) },
  matrix: pairs(opts.matrix),
  runner: { os: 'Linux', arch: 'X64', temp: path.join(work, 'runner-temp'), name: 'local' },
  needs: /** @type {Record<string, unknown>} */ ({}),
};
mkdirSync(base.runner.temp, { recursive: true });

/** @type {StepResult[]} */
const results = [];
let failed = false;

/**
 * @param {Step} step
 * @param {Context} ctx
 * @returns {{ ran: boolean, note: string }}
 */
function emulate(step, ctx) {
  const uses = String(step.uses).replace(/@.*$/, '');
  const w = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
  const workspace = github.workspace;
  switch (uses) {
    case 'actions/checkout': {
      rmSync(workspace, { recursive: true, force: true });
      const depth = w['fetch-depth'] === undefined ? 1 : Number(w['fetch-depth']);
      const args = ['clone', '--quiet', '--no-local', ...(depth > 0 ? ['--depth', String(depth)] : [])];
      let refName = w.ref || sha;
      execFileSync('git', [...args, `file://${repo}`, workspace]);
      // A ref that is not the clone's HEAD (a tag, a SHA): fetch it at the same depth and check it out.
      if (refName !== sha) {
        const fetched = spawnSync(
          'git',
          ['fetch', '--quiet', ...(depth > 0 ? ['--depth', String(depth)] : []), 'origin', refName],
          { cwd: workspace, encoding: 'utf8' },
        );
        if (fetched.status !== 0) {
          if (!opts['tags-at-head'])
            throw new Error(`checkout: ${refName} is not in this repository (--tags-at-head uses HEAD)`);
          refName = sha;
        } else execFileSync('git', ['checkout', '--quiet', '--detach', 'FETCH_HEAD'], { cwd: workspace });
      }
      return { ran: true, note: `git clone of this repository at ${refName.slice(0, 12)}, depth ${depth || 'full'}` };
    }
    case 'actions/setup-node': {
      const wanted = String(w['node-version'] ?? '');
      const have = process.versions.node.split('.')[0];
      if (wanted && wanted !== have) throw new Error(`setup-node asks for Node ${wanted}; PATH has ${have}`);
      return { ran: true, note: `Node ${process.versions.node} on PATH (setup-node asks for ${wanted || 'any'})` };
    }
    case 'actions/upload-artifact': {
      const dest = path.join(artifacts, w.name ?? 'artifact');
      mkdirSync(dest, { recursive: true });
      let copied = 0;
      for (const entry of String(w.path ?? '')
        .split('\n')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const glob = entry.includes('*');
        const dir = path.join(workspace, glob ? path.dirname(entry) : entry);
        if (!existsSync(dir)) continue;
        if (glob) {
          const pattern = new RegExp(`^${path.basename(entry).replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`);
          for (const f of readdirSync(dir).filter((name) => pattern.test(name))) {
            cpSync(path.join(dir, f), path.join(dest, f), { recursive: true });
            copied++;
          }
        } else {
          cpSync(dir, dest, { recursive: true });
          copied++;
        }
      }
      if (!copied && w['if-no-files-found'] !== 'ignore')
        throw new Error(`upload-artifact ${w.name}: nothing at ${w.path}`);
      return { ran: true, note: `kept ${copied} path(s) as artifact "${w.name}" (${dest})` };
    }
    case 'actions/download-artifact': {
      const into = path.join(workspace, w.path ?? '.');
      mkdirSync(into, { recursive: true });
      if (w.name) cpSync(path.join(artifacts, w.name), into, { recursive: true });
      else cpSync(artifacts, into, { recursive: true });
      return { ran: true, note: `artifacts copied to ${w.path ?? '.'}` };
    }
    default:
      return { ran: false, note: `${step.uses}: not run here (needs GitHub, a registry or a hosted service)` };
  }
}

/**
 * @param {string} script
 * @param {NodeJS.ProcessEnv} env
 * @param {string} cwd
 * @param {string | undefined} shell
 */
function runScript(script, env, cwd, shell) {
  const file = path.join(work, `step-${results.length}.sh`);
  writeFileSync(file, script);
  /** @type {[string, ...string[]]} */
  const command = shell === 'sh' ? ['sh', '-e', file] : ['bash', '--noprofile', '--norc', '-eo', 'pipefail', file];
  if (opts['dry-run']) {
    const check = spawnSync(command[0], ['-n', file], { encoding: 'utf8' });
    return { status: check.status, note: check.status === 0 ? 'parsed (dry run)' : check.stderr.trim() };
  }
  const run = spawnSync(command[0], command.slice(1), { cwd, env, stdio: 'inherit' });
  return { status: run.status ?? 1, note: run.signal ? `killed by ${run.signal}` : `exit ${run.status}` };
}

/** @param {string} file */
function readKeyValues(file) {
  // name=value lines and name<<DELIM … DELIM blocks, as GitHub reads them
  /** @type {Record<string, string>} */
  const out = {};
  if (!existsSync(file)) return out;
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, key = '', delim] = heredoc;
      const value = [];
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i]);
      out[key] = value.join('\n');
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

for (const jobName of jobNames) {
  const job = /** @type {Job} */ (workflow.jobs[jobName]); // every name was checked above
  const jobCtx = {
    ...base,
    env: /** @type {Record<string, string>} */ ({}),
    steps: /** @type {Record<string, unknown>} */ ({}),
    job: { status: 'success' },
  };
  jobCtx.env = { ...interpolateAll(workflow.env ?? {}, jobCtx) };
  jobCtx.env = { ...jobCtx.env, ...interpolateAll(job.env ?? {}, jobCtx) };
  console.log(`\n##### ${workflowFile} › ${jobName}${job.name ? ` (${interpolate(job.name, jobCtx)})` : ''}`);
  if (job.if !== undefined && !condition(job.if, jobCtx)) {
    results.push({ job: jobName, step: '(job)', outcome: 'skipped', note: `if: ${job.if} is false` });
    console.log(`  job skipped: if: ${job.if}`);
    continue;
  }
  let extraPath = [...opts.path];
  let addedEnv = {};
  let jobFailed = false;
  for (const [index, step] of (job.steps ?? []).entries()) {
    const label = step.name
      ? interpolate(String(step.name), { ...jobCtx, env: jobCtx.env })
      : (step.uses ?? `run #${index + 1}`);
    const stepEnv = {
      ...jobCtx.env,
      ...addedEnv,
      ...interpolateAll(step.env ?? {}, { ...jobCtx, env: { ...jobCtx.env, ...addedEnv } }),
    };
    const ctx = { ...jobCtx, env: stepEnv, job: { status: jobFailed ? 'failure' : 'success' } };
    const when = step.if === undefined ? 'success()' : String(step.if);
    const wanted = condition(when, { ...ctx, __status: jobFailed ? 'failure' : 'success' });
    /** @type {StepResult} */
    const record = { job: jobName, step: label, outcome: 'skipped', note: '' };
    results.push(record);
    if (!wanted) {
      record.note = `if: ${when} is false`;
      console.log(`  - ${label}: skipped (${record.note})`);
      continue;
    }
    if (opts['skip-step'].includes(label)) {
      record.note = 'asked (--skip-step)';
      console.log(`  - ${label}: skipped (${record.note})`);
      continue;
    }
    const started = Date.now();
    try {
      if (step.uses) {
        const { ran, note } =
          opts['dry-run'] && !step.uses.startsWith('actions/checkout')
            ? { ran: false, note: 'dry run' }
            : emulate(step, ctx);
        record.outcome = ran ? 'success' : 'not-run';
        record.note = note;
      } else {
        const files =
          /** @type {Record<'GITHUB_OUTPUT' | 'GITHUB_ENV' | 'GITHUB_PATH' | 'GITHUB_STEP_SUMMARY', string>} */ (
            Object.fromEntries(
              ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY'].map((k) => [
                k,
                path.join(work, `${k.toLowerCase()}-${jobName}-${index}`),
              ]),
            )
          );
        for (const f of Object.values(files)) writeFileSync(f, '');
        const env = {
          ...process.env,
          ...pairs(opts.env),
          ...stepEnv,
          ...files,
          CI: 'true',
          GITHUB_WORKFLOW: workflow.name ?? '',
          GITHUB_JOB: jobName,
          GITHUB_REF: github.ref,
          GITHUB_REF_NAME: github.ref_name,
          GITHUB_SHA: sha,
          GITHUB_REPOSITORY: github.repository,
          GITHUB_REPOSITORY_OWNER: github.repository_owner,
          GITHUB_EVENT_NAME: github.event_name,
          GITHUB_WORKSPACE: github.workspace,
          RUNNER_TEMP: base.runner.temp,
          RUNNER_OS: 'Linux',
          PATH: [...extraPath, process.env.PATH].join(':'),
        };
        const cwd = step['working-directory']
          ? path.join(github.workspace, step['working-directory'])
          : github.workspace;
        if (!existsSync(cwd)) mkdirSync(cwd, { recursive: true });
        console.log(`  - ${label}: running`);
        const { status, note } = runScript(interpolate(String(step.run), ctx), env, cwd, step.shell);
        record.outcome = status === 0 ? 'success' : 'failure';
        record.note = note;
        if (status === 0 && !opts['dry-run']) {
          if (step.id) jobCtx.steps[step.id] = { outputs: readKeyValues(files.GITHUB_OUTPUT), outcome: 'success' };
          addedEnv = { ...addedEnv, ...readKeyValues(files.GITHUB_ENV) };
          extraPath = [...readFileSync(files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean).reverse(), ...extraPath];
        }
      }
    } catch (error) {
      record.outcome = 'failure';
      record.note = error instanceof Error ? error.message : String(error);
    }
    record.seconds = Math.round((Date.now() - started) / 100) / 10;
    console.log(`  - ${label}: ${record.outcome} (${record.note}; ${record.seconds}s)`);
    if (record.outcome === 'failure' && !step['continue-on-error']) jobFailed = true;
  }
  if (jobFailed) failed = true;
  base.needs[jobName] = {
    result: jobFailed ? 'failure' : 'success',
    outputs: interpolateAll(job.outputs ?? {}, { ...jobCtx, env: jobCtx.env }),
  };
  console.log(`  job ${jobName}: ${jobFailed ? 'FAILED' : 'ok'}`);
}

/**
 * @param {Record<string, unknown>} map
 * @param {Context} ctx
 */
function interpolateAll(map, ctx) {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, interpolate(String(v), ctx)]));
}

console.log('\n##### summary');
for (const r of results) console.log(`${r.outcome.padEnd(8)} ${r.job} › ${r.step}${r.note ? ` — ${r.note}` : ''}`);
if (opts.report)
  writeFileSync(opts.report, JSON.stringify({ workflow: workflowFile, jobs: jobNames, results }, null, 2));
if (opts.keep) console.log(`work directory kept: ${work}`);
else rmSync(work, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
