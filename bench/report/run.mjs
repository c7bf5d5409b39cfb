#!/usr/bin/env node
// `npm run bench:report`: runs the benchmarks, collects bench/results/*.json and regenerates docs/performance.md
// (and docs/performance/board-read-curve.svg). Steps, in order:
//   core      bench/core.mjs on a throwaway PostgreSQL (its server's RSS is sampled from /proc meanwhile)
//   ops       bench/ops.mjs (ops layer on vs off)
//   ui        bench/ui.mjs (headless Chromium, production build, embedded database)
//   curve     bench/curve.mjs (board read from 1,000 to 50,000 tickets, PostgreSQL)
//   coldstart bench/report/coldstart.mjs (spawn → ready / sign-in page, PGlite and PostgreSQL; idle RSS)
//   image     bench/report/image.mjs (Docker image size; starts the engine from ../shared/ci if needed)
// The stress suites (load, faults, fuzz, security, isolation-scale) are not run here: each has its own command;
// their bench/results/<suite>.json is rendered when it is from this commit.
//
//   npm run bench:report -- [--quick] [--only curve,coldstart] [--skip ui,image] [--no-write]
//     --quick   a fast smoke: smaller sizes and fewer requests everywhere (core keeps its fixed size), no image
//               build (add it with --only … or run bench/report/image.mjs)
//     --only    run just these steps; --skip: all but these. Steps not run are taken from their result files when
//               those are from this commit, else the report says "not run in this report".
//     --no-write  print the markdown instead of writing docs/performance.md
//     --render-only  run no step: re-render from this commit's result files (and the last run's step table);
//                    with --commit HASH, from that commit's (a renderer change after the run, same figures)
// PostgreSQL ports: BENCH_PG_PORT_BASE (default 55401): core uses base, curve base+1, cold start base+2.
// Needs `npm run build` first. A full run took 34 min on 2 cores shared with other work (load average ~15; the UI
// step seeding 10,000 tickets through the API took 11 of them, the image build 5); --quick runs in ~8 min there.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { parseArgs } from 'node:util';
import { cleanup, onCleanup, runMain, stopChild } from '../lib/procs.mjs';
import { curveSvg } from './plot.mjs';
import { renderReport, STRESS_SUITES } from './render.ts';
import { gitCommit, root, rssMiB, serverJs, startPostgres } from './servers.mjs';

/** @typedef {import('./render.ts').StepStatus} StepStatus */
/** @typedef {'core' | 'ops' | 'ui' | 'curve' | 'coldstart' | 'image'} Step */
/**
 * What a run records of itself (bench/results/report-run.json), for a later --render-only.
 * @typedef {{ generatedAt: string, command: string, totalSeconds: number, steps: Record<string, StepStatus>,
 *   loadAvg: number[] }} Run
 */
/** @typedef {{ suite: string, commit: string | null, finishedAt: string, file: string }} Wrapped */

/** @type {Step[]} */
const STEPS = ['core', 'ops', 'ui', 'curve', 'coldstart', 'image'];
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    skip: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    'render-only': { type: 'boolean', default: false },
    commit: { type: 'string' },
  },
});
const list = (/** @type {string | undefined} */ value) =>
  value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
for (const name of [...list(args.only), ...list(args.skip)]) {
  if (!STEPS.some((step) => step === name)) throw new Error(`unknown step "${name}" (steps: ${STEPS.join(', ')})`);
}
const selected = args['render-only']
  ? []
  : STEPS.filter((s) =>
      args.only ? list(args.only).includes(s) : !list(args.skip).includes(s) && !(args.quick && s === 'image'),
    );
const pgBase = Number(process.env.BENCH_PG_PORT_BASE ?? 55401);
const resultsDir = path.join(root, 'bench', 'results');
if (args.commit && !args['render-only']) throw new Error('--commit is for --render-only: a run measures HEAD');
const commit = args.commit ?? gitCommit();
const started = performance.now();
const seconds = (/** @type {number} */ since) => Number(((performance.now() - since) / 1000).toFixed(1));
const say = (/** @type {string} */ message) =>
  console.log(`\n[bench:report ${seconds(started).toFixed(0).padStart(5)} s] ${message}`);

/**
 * @param {string} file
 * @returns {unknown} the parsed file, or null when it is missing or not JSON
 */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * @param {string} name
 * @param {unknown} value
 */
function writeResult(name, value) {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * The newest bench/results/<prefix>-*.json written after `since` (ms epoch).
 * @param {string} prefix
 * @param {number} since
 */
function newestSince(prefix, since) {
  if (!existsSync(resultsDir)) return null;
  const files = readdirSync(resultsDir)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.json'))
    .map((f) => path.join(resultsDir, f))
    .filter((f) => statSync(f).mtimeMs >= since)
    .sort();
  return files.length ? files[files.length - 1] : null;
}

/**
 * Runs a node script with inherited output; resolves its exit code. `onSpawn` gets the child (RSS sampling).
 * @param {string} script
 * @param {string[]} scriptArgs
 * @param {{ env?: NodeJS.ProcessEnv, capture?: boolean,
 *   onSpawn?: (child: import('node:child_process').ChildProcess) => () => void }} [options]
 * @returns {Promise<{ code: number, stdout: string }>}
 */
function runNode(script, scriptArgs, { env = process.env, capture = false, onSpawn } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...scriptArgs], {
      cwd: root,
      env,
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let stdout = '';
    if (capture) {
      child.stdout?.on('data', (/** @type {Buffer} */ chunk) => {
        stdout += chunk;
        process.stdout.write(chunk);
      });
    }
    onCleanup(() => stopChild(child)); // on Ctrl-C; a no-op once it has exited
    const stopSampling = onSpawn?.(child);
    child.on('exit', (code, signal) => {
      stopSampling?.();
      resolve({ code: code ?? (signal ? 128 : 1), stdout });
    });
  });
}

/**
 * Samples the RSS of the core benchmark's server (its child running server.js) every 0.5 s.
 * @param {import('node:child_process').ChildProcess} parent
 * @param {number[]} samples
 */
function sampleServerRss(parent, samples) {
  /** @type {string | null} */
  let serverPid = null;
  const timer = setInterval(() => {
    if (serverPid === null) {
      try {
        const children = readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8')
          .trim()
          .split(/\s+/)
          .filter(Boolean);
        serverPid =
          children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('standalone/server.js')) ?? null;
      } catch {
        /* not started yet, or gone */
      }
    }
    const rss = serverPid === null ? null : rssMiB(serverPid);
    if (rss !== null) samples.push(rss);
  }, 500);
  return () => clearInterval(timer);
}

/** @type {Record<string, StepStatus>} */
const steps = {};
/** @type {{ suites?: Record<string, import('./render.ts').SuiteSummary | null>, dayTwoBaseline?: import('./render.ts').DayTwoBaseline | null }} */
const collected = {};

/** @type {Record<Step, () => Promise<void>>} */
const runners = {
  async core() {
    const db = await startPostgres({ port: pgBase });
    const env = {
      ...process.env,
      DATABASE_URL: db.runtimeUrl,
      DATABASE_OWNER_URL: db.ownerUrl,
      BENCH_ADMIN_URL: db.adminUrl,
    };
    const since = Date.now();
    /** @type {number[]} */
    const samples = [];
    const { code } = await runNode('bench/core.mjs', [], { env, onSpawn: (child) => sampleServerRss(child, samples) });
    const file = newestSince('core', since);
    if (code !== 0 || !file) throw new Error(`bench/core.mjs exited ${code}`);
    const rss = samples.length
      ? {
          firstMiB: samples[0],
          peakMiB: Math.max(...samples),
          lastMiB: samples[samples.length - 1],
          samples: samples.length,
        }
      : null;
    writeResult('core', {
      suite: 'core',
      commit,
      finishedAt: new Date().toISOString(),
      file: path.basename(file),
      result: readJson(file),
      rss,
    });
  },
  async ops() {
    const opsArgs = args.quick ? ['--tickets', '100', '--rounds', '2', '--requests', '50'] : [];
    const { code, stdout } = await runNode('bench/ops.mjs', opsArgs, { capture: true });
    const line = stdout
      .trim()
      .split('\n')
      .reverse()
      .find((l) => l.startsWith('{') && l.includes('"bench":"ops"'));
    if (!line) throw new Error(`bench/ops.mjs exited ${code} without its JSON line`);
    writeResult('ops', {
      suite: 'ops',
      commit,
      finishedAt: new Date().toISOString(),
      scale: args.quick ? 'short' : 'full',
      ok: code === 0,
      result: JSON.parse(line),
    });
  },
  async ui() {
    const since = Date.now();
    const env = { ...process.env };
    delete env.DATABASE_URL; // the UI benchmark's own server uses a throwaway embedded database
    const uiArgs = args.quick ? ['--sizes', '1000', '--runs', '1', '--requests', '20'] : [];
    const { code } = await runNode('bench/ui.mjs', uiArgs, { env });
    const file = newestSince('ui', since);
    if (code !== 0 || !file) throw new Error(`bench/ui.mjs exited ${code}`);
    writeResult('ui', {
      suite: 'ui',
      commit,
      finishedAt: new Date().toISOString(),
      file: path.basename(file),
      result: readJson(file),
    });
  },
  async curve() {
    const { code } = await runNode('bench/curve.mjs', [
      '--pg-port',
      String(pgBase + 1),
      ...(args.quick ? ['--quick'] : []),
    ]);
    if (code !== 0) throw new Error(`bench/curve.mjs exited ${code}`);
  },
  async coldstart() {
    const { code } = await runNode('bench/report/coldstart.mjs', [
      '--runs',
      args.quick ? '1' : '3',
      '--pg-port',
      String(pgBase + 2),
    ]);
    if (code !== 0) throw new Error(`coldstart exited ${code}`);
  },
  async image() {
    const { code } = await runNode('bench/report/image.mjs', args.quick ? ['--no-start'] : []);
    if (code !== 0) throw new Error(`image exited ${code}`);
  },
};

/**
 * A result file of this commit, or null. Its shape is the one the caller states (the file's writer is this
 * runner or the benchmark named).
 * @template T
 * @param {string} name
 * @returns {T | null}
 */
function current(name) {
  const value = /** @type {{ commit?: string | null } | null} */ (readJson(path.join(resultsDir, `${name}.json`)));
  return value && value.commit && commit && (value.commit.startsWith(commit) || commit.startsWith(value.commit))
    ? /** @type {T} */ (value)
    : null;
}

/** @param {import('./render.ts').CoreResult | null | undefined} core */
function postgresVersion(core) {
  if (core?.environment?.postgres) return core.environment.postgres;
  try {
    return (
      readdirSync('/usr/lib/postgresql')
        .map((v) => `PostgreSQL ${v}`)
        .join(', ') || null
    );
  } catch {
    return null;
  }
}

async function main() {
  if (!existsSync(serverJs)) throw new Error('no production build: run `npm run build` first');
  const loadAvg = os.loadavg().map((x) => Number(x.toFixed(2)));
  say(`commit ${commit}; steps: ${selected.join(', ') || '(none)'}${args.quick ? ' (quick)' : ''}`);
  for (const name of STEPS) {
    if (!selected.includes(name)) {
      steps[name] = {
        status: 'skipped',
        note: current(name) ? 'figures from an earlier run of this commit' : 'not run',
      };
      continue;
    }
    const t0 = performance.now();
    say(`step ${name}`);
    try {
      await runners[name]();
      steps[name] = { status: 'ran', seconds: seconds(t0) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      steps[name] = { status: 'failed', seconds: seconds(t0), note: message.split('\n')[0] };
      console.error(`bench:report: step ${name} failed: ${message}`);
    } finally {
      await cleanup(); // each step's own processes (the core step's PostgreSQL)
    }
  }

  /** @type {(Wrapped & { result: import('./render.ts').CoreResult | null, rss: import('./render.ts').CoreRss | null }) | null} */
  const core = current('core');
  /** @type {(Wrapped & { result: import('./render.ts').UiResult | null }) | null} */
  const ui = current('ui');
  /** @type {(Wrapped & { result: import('./render.ts').OpsResult }) | null} */
  const ops = current('ops');
  /** @type {(import('./render.ts').CurveResult & { finishedAt?: string }) | null} */
  const curve = current('curve');
  /** @type {Record<string, import('./render.ts').SuiteSummary | null>} */
  const suites = Object.fromEntries(
    STRESS_SUITES.map((s) => [
      s,
      /** @type {import('./render.ts').SuiteSummary | null} */ (readJson(path.join(resultsDir, `${s}.json`))),
    ]),
  );
  collected.suites = suites;
  collected.dayTwoBaseline = /** @type {import('./render.ts').DayTwoBaseline | null} */ (
    readJson(path.join(root, 'bench', 'baselines', 'day-two-before.json'))
  );
  let curvePlot = null;
  if (curve && !args['no-write']) {
    mkdirSync(path.join(root, 'docs', 'performance'), { recursive: true });
    writeFileSync(path.join(root, 'docs', 'performance', 'board-read-curve.svg'), await curveSvg(curve));
    curvePlot = 'performance/board-read-curve.svg';
  }
  const cliArgs = process.argv.slice(2);
  // A re-render shows the run that measured the figures: its step table, run time, load and arguments.
  /** @type {Run} */
  let run = {
    generatedAt: new Date().toISOString(),
    command: `bench/report/run.mjs${cliArgs.length ? ` ${cliArgs.join(' ')}` : ''}`,
    totalSeconds: seconds(started),
    steps,
    loadAvg,
  };
  /** @type {{ run: Run } | null} */
  const lastRun = current('report-run');
  if (args['render-only'] && lastRun) run = { ...lastRun.run, command: `${lastRun.run.command} (re-rendered)` };
  else if (!args['render-only']) writeResult('report-run', { suite: 'report-run', commit, run });
  /** @type {import('./render.ts').ReportInput} */
  const input = {
    generatedAt: run.generatedAt,
    commit,
    command: run.command,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: os.totalmem() / 2 ** 30,
      node: process.version,
      postgres: postgresVersion(core?.result),
      loadAvg: run.loadAvg,
    },
    totalSeconds: run.totalSeconds,
    steps: run.steps,
    core: core?.result ?? null,
    coreRss: core?.rss ?? null,
    ops: ops?.result ?? null,
    ui: ui?.result ?? null,
    curve,
    curvePlot,
    coldstart: current('coldstart'),
    image: current('image'),
    suites,
    dayTwoBaseline: collected.dayTwoBaseline,
  };
  const markdown = renderReport(input);
  if (args['no-write']) console.log(markdown);
  else {
    writeFileSync(path.join(root, 'docs', 'performance.md'), markdown);
    say(
      `wrote docs/performance.md${curvePlot ? ' and docs/performance/board-read-curve.svg' : ''} in ${(seconds(started) / 60).toFixed(1)} min`,
    );
  }
  if (Object.values(steps).some((s) => s.status === 'failed')) process.exitCode = 1;
}

runMain('bench:report', main);
