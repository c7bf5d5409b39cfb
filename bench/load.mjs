#!/usr/bin/env node
// `npm run load`: the LOAD suite of issue 7, then the faults of the dependencies other than PostgreSQL under load.
//
//   npm run load                    FULL:  200 req/s for 5 minutes, then the fault phases (about 8 minutes)
//   npm run load -- --short         SHORT (CI): 200 req/s for 45 s, shorter fault phases (under 4 minutes)
//   LOAD_SCALE=short npm run load   the same as --short
//   npm run load -- --only=load     the load phase only; --only=faults for the fault phases only;
//                                   --only=cpu (CPU ms per request of each operation), --only=knee (the rate where
//                                   p95 crosses 300 ms), --only=soak (RSS over a long run at 100 req/s);
//                                   several phases: --only=load,cpu,knee
//   LOAD_SOAK_MINUTES=15            the soak's length (full: 15 min at 100 req/s; short: 2 min)
//   LOAD_NODE_OPTIONS=--max-old-space-size=384   NODE_OPTIONS for the server (the Helm chart's heap limit)
//   LOAD_DATABASE=embedded          the soak on the embedded PGlite default instead of PostgreSQL (--only=soak;
//                                   tickets seeded through the API; writes load-soak-embedded.json)
//
// Setup: a throwaway PostgreSQL 15 on 127.0.0.1 (port 55451-55454, scripts/ci/postgres.sh), migrated; the
// production build (`npm run build`: .next/standalone/server.js) as a child process; 20 workspaces seeded through
// the API (bench/load/seed.mjs says what and why). Rate limiting stays on, with limits lifted far above the load
// (bench/load/services.mjs); DATABASE_POOL_MAX is the default (10) unless set in the environment.
// Load: OPEN-LOOP at a constant arrival rate (bench/lib/open-loop.mjs via bench/load/workload.mjs: 70% board
// reads, 10% edits, 10% moves, 10% creates over the 20 workspaces); latency counts from each request's due time. Recorded: p50/p95/p99 overall and per kind, errors (non-2xx other than a
// version conflict, timeouts, connection errors), version conflicts apart, pool saturation and RSS over time, the
// CPU time of the app and of PostgreSQL per request.
// Faults (bench/load/faults.mjs): Sentry host unreachable, Redis down (fail open and fail closed), Unleash down.
//
// The seed SLO (p95 < 300 ms, 0 errors) is printed, not enforced: the run exits 1 only when the harness itself
// fails, when the load phase got wrong answers (4xx other than 409, 5xx other than an overload 503), or when a
// behavioural fault assertion fails. Timeouts count as errors against the SLO, not as a failed run.
// Writes bench/results/load.json, load-cpu.json, load-knee.json, load-soak.json and load-faults.json (the report,
// bench/report, and docs/performance.md read them). Loopback only; stops what it started.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runMain, tempDir } from './lib/procs.mjs';
import { redisUnleashPhase, sentryPhase } from './load/faults.mjs';
import { COLUMNS, MEMBERS, seed, TICKETS_PER_BOARD, WORKSPACES } from './load/seed.mjs';
import { postmasterPid, baseAppEnv, startApp, startPostgres } from './load/services.mjs';
import { slope, startSampler, summarizeSamples } from './load/samplers.mjs';
import { createRecorder } from './load/stats.mjs';
import { createMix, drive, KINDS } from './load/workload.mjs';

/** @typedef {import('./load/services.mjs').App} App */
/** @typedef {import('./load/services.mjs').LoadDb} LoadDb */
/** @typedef {import('./load/workload.mjs').Mix} Mix */
/** @typedef {import('./load/seed.mjs').SeededWorkspace} SeededWorkspace */
/** @typedef {ReturnType<ReturnType<typeof createRecorder>['summary']>} Summary */
/** @typedef {ReturnType<typeof summarizeSamples>} Resources */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: { short: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const scale = args.short || process.env.LOAD_SCALE === 'short' ? 'short' : 'full';
const RATE = 200;
// The fault phases judge behaviour (fail modes, flags), which needs answers: on a CPU-starved machine 200 req/s
// only measures the queue. LOAD_FAULT_RATE overrides (e.g. 200 on an idle 2-core machine).
const FAULT_RATE = Number(process.env.LOAD_FAULT_RATE || 60);
const SCALES = {
  short: {
    warmS: 5,
    loadS: 45,
    sentryRoundS: 6,
    sentryRounds: 2,
    redis: { downAtS: 8, upAtS: 18, endAtS: 40 },
    budgetS: 720,
  },
  full: {
    warmS: 10,
    loadS: 300,
    sentryRoundS: 20,
    sentryRounds: 2,
    redis: { downAtS: 20, upAtS: 50, endAtS: 80 },
    budgetS: 2700,
  },
};
const S = SCALES[scale];
const PHASES = ['load', 'cpu', 'knee', 'soak', 'faults'];
const only = args.only ? args.only.split(',') : PHASES;
if (only.some((phase) => !PHASES.includes(phase))) {
  console.error(`load: --only takes ${PHASES.join(', ')} (comma-separated), not ${args.only}`);
  process.exit(2);
}
const runLoad = only.includes('load');
const runFaults = only.includes('faults');
// The embedded default (PGlite inside the server process) has no PostgreSQL to measure CPU of: the soak only.
const embedded = process.env.LOAD_DATABASE === 'embedded';
if (embedded && only.some((phase) => phase !== 'soak')) {
  console.error('LOAD_DATABASE=embedded runs the soak only: add --only=soak');
  process.exit(2);
}
// The extra phases: CPU per operation, the knee, the soak (short sizes in CI, full ones with the full load).
const EXTRA = {
  short: { cpuRate: 40, cpuS: 10, kneeRates: [100, 200, 300, 400], kneeS: 10, soakMin: 2 },
  full: { cpuRate: 50, cpuS: 30, kneeRates: [100, 150, 200, 250, 300, 350, 400, 500], kneeS: 30, soakMin: 15 },
}[scale];
const SOAK_MINUTES = Number(process.env.LOAD_SOAK_MINUTES || EXTRA.soakMin);
const SLO = { p95Ms: 300, errors: 0 };

const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;
const say = (/** @type {string} */ message) => console.log(`[${elapsed().toFixed(1).padStart(6)} s] ${message}`);
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
})();
const environment = {
  node: process.version,
  cpus: os.cpus().length,
  loadAvgAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
  poolMax: Number(process.env.DATABASE_POOL_MAX ?? 10),
  nodeOptions: process.env.LOAD_NODE_OPTIONS ?? null,
};

/**
 * @param {string} suite
 * @param {object} figures
 * @param {boolean} ok
 */
function writeResult(suite, figures, ok) {
  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${suite}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ suite, finishedAt: new Date().toISOString(), commit, scale, figures, ok }, null, 2)}\n`,
  );
  say(`wrote ${path.relative(root, file)}`);
}

const fmt = (/** @type {unknown} */ x, width = 7) => String(x ?? '—').padStart(width);

/**
 * @param {Summary} summary
 * @param {Resources} resources
 */
function printLoad(summary, resources) {
  console.log(
    `\n==== Load: ${RATE} req/s for ${S.loadS} s (${scale}) — ${WORKSPACES} workspaces × ${COLUMNS.length} columns × ${TICKETS_PER_BOARD} tickets — commit ${commit ?? '?'}`,
  );
  console.log(
    `     achieved ${summary.achievedRate} req/s; ${environment.cpus} CPUs shared with other work (load avg ${environment.loadAvgAtStart.join(' ')} at start) — absolute figures are noisy`,
  );
  console.log(
    `\n${'kind'.padEnd(9)} ${'share'.padStart(6)} ${'n'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'2xx'.padStart(7)} ${'409'.padStart(5)} ${'errors'.padStart(7)}`,
  );
  /**
   * @param {string} name
   * @param {Summary['perKind'][string]} s
   */
  const row = (name, s) =>
    console.log(
      `${name.padEnd(9)} ${fmt(s.share ?? 1, 6)} ${fmt(s.n, 7)} ${fmt(s.p50Ms, 8)} ${fmt(s.p95Ms, 8)} ${fmt(s.p99Ms, 8)} ${fmt(s.maxMs, 8)} ${fmt(s.ok, 7)} ${fmt(s.conflicts, 5)} ${fmt(s.errors, 7)}`,
    );
  for (const kind of [...KINDS, 'transport']) if (summary.perKind[kind]) row(kind, summary.perKind[kind]);
  row('overall', { ...summary, share: 1 });
  console.log(
    `\nerror rate ${(summary.errorRate * 100).toFixed(3)}% (${summary.errors} of ${summary.requests}; statuses ${JSON.stringify(summary.statuses)})`,
  );
  console.log(
    `409 VERSION_CONFLICT ${summary.conflicts}: two in-flight writes picked the same ticket; optimistic concurrency refused the second (not an error)`,
  );
  if (summary.errorSamples.length) console.log(`first errors: ${JSON.stringify(summary.errorSamples)}`);
  console.log('\nover time (10 s windows):  from s   req/s   p95 ms  errors');
  for (const w of summary.overTime)
    console.log(
      `                           ${fmt(w.fromS, 6)} ${fmt(w.rate, 7)} ${fmt(w.p95Ms, 8)} ${fmt(w.errors, 7)}`,
    );
  const { rss, pool, cpu } = resources;
  // A share with no samples is null; it printed as 0 % (null * 100) and still does (Number(null) is 0).
  console.log(
    `\nRSS: start ${rss.startMb} MB, end ${rss.endMb} MB, max ${rss.maxMb} MB, slope ${rss.slopeMbPerMin} MB/min over the run, ${rss.secondHalfSlopeMbPerMin} MB/min over its second half (flat = no leak)`,
  );
  console.log(
    `pool (max ${pool.max}): mean active ${pool.meanActive}, peak ${pool.peakActive}, at max in ${(Number(pool.atMaxShare) * 100).toFixed(0)}% of ${pool.samples} samples; clients waiting for a connection: peak ${pool.peakWaiting}, in ${(Number(pool.waitingShare) * 100).toFixed(0)}% of samples`,
  );
  console.log(
    `CPU per request: app ${cpu.appMsPerRequest} ms, PostgreSQL ${cpu.postgresMsPerRequest} ms; cores used: app ${cpu.appCoresUsed}, PostgreSQL ${cpu.postgresCoresUsed}, load generator ${cpu.generatorCoresUsed}; whole machine busy ${cpu.machineCoresBusy}, stolen by the hypervisor ${cpu.coresStolen} (of ${environment.cpus})`,
  );
  const p95Met = summary.p95Ms !== null && summary.p95Ms < SLO.p95Ms;
  const errorsMet = summary.errors === SLO.errors;
  console.log(
    `\nSLO (seed): p95 < ${SLO.p95Ms} ms → ${summary.p95Ms} ms ${p95Met ? 'MET' : 'MISSED'}; errors = 0 → ${summary.errors} ${errorsMet ? 'MET' : 'MISSED'}`,
  );
  return { p95TargetMs: SLO.p95Ms, p95Met, errorsMet, met: p95Met && errorsMet };
}

// db is null on the embedded database (the soak only): postmasterPid's file read failed on it and gave null.
/** @param {LoadDb | null} db */
const postmasterOf = (db) => (db ? postmasterPid(db) : null);

/**
 * @param {App} app
 * @param {LoadDb | null} db
 * @param {SeededWorkspace[]} workspaces
 * @param {Mix} mix
 */
async function loadPhase(app, db, workspaces, mix) {
  say(`warm-up: ${S.warmS} s at ${RATE / 2} req/s (not measured)`);
  await drive({ target: app, mix, rate: RATE / 2, seconds: S.warmS, record: () => undefined });
  say(`measuring: ${RATE} req/s for ${S.loadS} s`);
  const t0 = performance.now();
  const recorder = createRecorder();
  const sampler = startSampler({
    app,
    postmaster: postmasterOf(db),
    everyMs: scale === 'short' ? 2_000 : 5_000,
    started: t0,
  });
  const totals = await drive({
    target: app,
    mix,
    rate: RATE,
    seconds: S.loadS,
    record: (e) => recorder.record(e),
    started: t0,
  });
  const samples = await sampler.stop();
  const summary = recorder.summary((performance.now() - t0) / 1000);
  const resources = summarizeSamples(samples, summary.requests);
  const slo = printLoad(summary, resources);
  const ticketsAtEnd = workspaces.reduce((a, w) => a + w.tickets.length, 0);
  // The exit code judges behaviour, not capacity: an answer that is wrong (a 4xx other than a version conflict, a
  // 5xx other than an overload 503) fails the run; timeouts and 503s are what a saturated machine produces and
  // are reported against the SLO above instead. On a machine too small or too busy for 200 req/s the run says so
  // (SLO MISSED) without failing CI.
  const wrongAnswers = Object.entries(summary.statuses)
    .filter(([status]) => /^\d+$/.test(status) && !['409', '503'].includes(status) && !status.startsWith('2'))
    .reduce((n, [, count]) => n + count, 0);
  if (wrongAnswers)
    console.log(
      `\n!!!!!!!! ${wrongAnswers} wrong answers (not 2xx, 409 or an overload 503) — see "first errors" above`,
    );
  const ok = summary.requests > 0 && wrongAnswers === 0;
  writeResult(
    'load',
    {
      rate: RATE,
      seconds: S.loadS,
      mix: { read: 0.7, update: 0.1, move: 0.1, create: 0.1 },
      seed: {
        workspaces: WORKSPACES,
        columnsPerBoard: COLUMNS.length,
        ticketsPerBoard: TICKETS_PER_BOARD,
        membersPerWorkspace: 1 + MEMBERS,
        tokensPerWorkspace: 2,
        ticketsAtEnd,
      },
      overall: {
        requests: summary.requests,
        achievedRate: summary.achievedRate,
        p50Ms: summary.p50Ms,
        p95Ms: summary.p95Ms,
        p99Ms: summary.p99Ms,
        maxMs: summary.maxMs,
        errors: summary.errors,
        errorRate: summary.errorRate,
        conflicts: summary.conflicts,
        statuses: summary.statuses,
      },
      perKind: summary.perKind,
      overTime: summary.overTime,
      generator: { kind: 'open-loop (bench/lib/open-loop.mjs)', ...totals },
      rss: resources.rss,
      pool: resources.pool,
      cpu: resources.cpu,
      series: resources.series,
      slo,
      environment: { ...environment, loadAvgAtEnd: os.loadavg().map((x) => Number(x.toFixed(2))) },
    },
    ok,
  );
  return ok;
}

/** One measured run of `mix` at `rate` for `seconds`: latency summary and the server's resources. */
/**
 * @param {App} app
 * @param {LoadDb | null} db
 * @param {Mix} mix
 * @param {number} rate
 * @param {number} seconds
 */
async function measured(app, db, mix, rate, seconds, everyMs = 2_000) {
  const t0 = performance.now();
  const recorder = createRecorder();
  const sampler = startSampler({ app, postmaster: postmasterOf(db), everyMs, started: t0 });
  const totals = await drive({ target: app, mix, rate, seconds, record: (e) => recorder.record(e), started: t0 });
  const samples = await sampler.stop();
  const summary = recorder.summary((performance.now() - t0) / 1000);
  return { summary, resources: summarizeSamples(samples, summary.requests), samples, totals };
}

/** CPU ms per request of each operation: each kind alone, open-loop at a modest rate (the server is not saturated). */
/**
 * @param {App} app
 * @param {LoadDb | null} db
 * @param {SeededWorkspace[]} workspaces
 */
async function cpuPhase(app, db, workspaces) {
  say(`CPU per operation: each kind alone at ${EXTRA.cpuRate} req/s for ${EXTRA.cpuS} s`);
  /**
   * @type {Record<string, { requests: number, p50Ms: number | null, p95Ms: number | null, errors: number,
   *   appCpuMsPerRequest: Resources['cpu']['appMsPerRequest'],
   *   postgresCpuMsPerRequest: Resources['cpu']['postgresMsPerRequest'] }>}
   */
  const perKind = {};
  for (const kind of KINDS) {
    const { summary, resources } = await measured(app, db, createMix(workspaces, 11, kind), EXTRA.cpuRate, EXTRA.cpuS);
    perKind[kind] = {
      requests: summary.requests,
      p50Ms: summary.p50Ms,
      p95Ms: summary.p95Ms,
      errors: summary.errors,
      appCpuMsPerRequest: resources.cpu.appMsPerRequest,
      postgresCpuMsPerRequest: resources.cpu.postgresMsPerRequest,
    };
  }
  console.log(`\n==== CPU per request, each operation alone at ${EXTRA.cpuRate} req/s (${EXTRA.cpuS} s)`);
  console.log(`kind      app CPU ms/req  PostgreSQL CPU ms/req  p50 ms  p95 ms  errors`);
  for (const [kind, k] of Object.entries(perKind))
    console.log(
      `${kind.padEnd(9)} ${fmt(k.appCpuMsPerRequest, 14)} ${fmt(k.postgresCpuMsPerRequest, 22)} ${fmt(k.p50Ms)} ${fmt(k.p95Ms)} ${fmt(k.errors)}`,
    );
  writeResult('load-cpu', { rate: EXTRA.cpuRate, seconds: EXTRA.cpuS, perKind, environment }, true);
  return true;
}

/** The knee: the mixed load at rising rates; the first rate whose p95 reaches 300 ms (or that errs). */
/**
 * @param {App} app
 * @param {LoadDb | null} db
 * @param {Mix} mix
 */
async function kneePhase(app, db, mix) {
  say(`knee: the mix at ${EXTRA.kneeRates.join(', ')} req/s, ${EXTRA.kneeS} s each`);
  const steps = [];
  for (const rate of EXTRA.kneeRates) {
    const { summary, resources } = await measured(app, db, mix, rate, EXTRA.kneeS);
    steps.push({
      rate,
      achievedRate: summary.achievedRate,
      p50Ms: summary.p50Ms,
      p95Ms: summary.p95Ms,
      p99Ms: summary.p99Ms,
      errors: summary.errors,
      statuses: summary.statuses,
      appCoresUsed: resources.cpu.appCoresUsed,
      machineCoresBusy: resources.cpu.machineCoresBusy,
    });
    say(`  ${rate} req/s: p95 ${summary.p95Ms} ms, p99 ${summary.p99Ms} ms, errors ${summary.errors}`);
    if ((summary.p95Ms ?? Infinity) >= SLO.p95Ms * 3) break; // far past the knee: stop loading the machine
  }
  const knee = steps.find((step) => (step.p95Ms ?? Infinity) >= SLO.p95Ms || step.errors > 0);
  const withinSlo = steps.slice(0, knee ? steps.indexOf(knee) : steps.length);
  const figures = {
    stepSeconds: EXTRA.kneeS,
    steps,
    kneeRate: knee?.rate ?? null,
    highestRateWithinSlo: withinSlo.at(-1)?.rate ?? null,
    environment: { ...environment, loadAvgAtEnd: os.loadavg().map((x) => Number(x.toFixed(2))) },
  };
  console.log(`\n==== Knee (open-loop mix, ${EXTRA.kneeS} s per step)`);
  console.log(`rate  achieved  p50 ms  p95 ms  p99 ms  errors`);
  for (const st of steps)
    console.log(
      `${fmt(st.rate, 4)} ${fmt(st.achievedRate, 9)} ${fmt(st.p50Ms)} ${fmt(st.p95Ms)} ${fmt(st.p99Ms)} ${fmt(st.errors)}`,
    );
  console.log(
    knee
      ? `p95 crosses ${SLO.p95Ms} ms (or errors appear) at ${knee.rate} req/s; highest rate within the SLO: ${figures.highestRateWithinSlo ?? 'none'}`
      : `p95 stayed under ${SLO.p95Ms} ms up to ${steps.at(-1)?.rate} req/s`,
  );
  writeResult('load-knee', figures, true);
  return true;
}

/** Flat memory: the mix at 100 req/s for SOAK_MINUTES; RSS slope over the last 10 minutes (or last two thirds). */
/**
 * @param {App} app
 * @param {LoadDb | null} db
 * @param {Mix} mix
 */
async function soakPhase(app, db, mix) {
  const rate = 100;
  say(`soak: ${rate} req/s for ${SOAK_MINUTES} min, RSS sampled every 5 s`);
  const { summary, resources, samples } = await measured(app, db, mix, rate, SOAK_MINUTES * 60, 5_000);
  const rss = samples.filter((sample) => sample.rssMb !== null);
  const endS = rss.at(-1)?.atS ?? 0;
  const windowS = SOAK_MINUTES >= 12 ? 600 : (endS * 2) / 3;
  const tail = rss
    .filter((sample) => sample.atS >= endS - windowS)
    .map((sample) => ({ x: sample.atS / 60, y: /** @type {number} filtered to non-null above */ (sample.rssMb) }));
  const tailSlope = slope(tail);
  const figures = {
    rate,
    minutes: SOAK_MINUTES,
    requests: summary.requests,
    p95Ms: summary.p95Ms,
    p99Ms: summary.p99Ms,
    errors: summary.errors,
    rss: {
      ...resources.rss,
      slopeWindowMin: Number((windowS / 60).toFixed(1)),
      tailSlopeMbPerMin: tailSlope === null ? null : Number(tailSlope.toFixed(2)),
      targetSlopeMbPerMin: 1,
    },
    series: resources.series,
    database: embedded ? 'pglite (embedded)' : 'postgresql',
    environment: { ...environment, loadAvgAtEnd: os.loadavg().map((x) => Number(x.toFixed(2))) },
  };
  console.log(`\n==== Soak: ${rate} req/s for ${SOAK_MINUTES} min (${figures.database})`);
  console.log(
    `RSS start ${figures.rss.startMb} MB, peak ${figures.rss.maxMb} MB, end ${figures.rss.endMb} MB; slope over the last ${figures.rss.slopeWindowMin} min ${figures.rss.tailSlopeMbPerMin} MB/min (target < 1); p95 ${summary.p95Ms} ms, errors ${summary.errors}`,
  );
  writeResult(embedded ? 'load-soak-embedded' : 'load-soak', figures, true);
  return true;
}

/**
 * @param {App} app
 * @param {LoadDb | null} db
 * @param {SeededWorkspace[]} workspaces
 * @param {Mix} mix
 */
async function faultPhases(app, db, workspaces, mix) {
  // main() refuses LOAD_DATABASE=embedded with any phase but the soak.
  if (!db) throw new Error('the fault phases need PostgreSQL (LOAD_DATABASE=embedded runs the soak only)');
  say(
    `faults 1/2: Sentry host unreachable — ${S.sentryRounds * 3} rounds of ${S.sentryRoundS} s at ${FAULT_RATE} req/s, rotating no DSN / reachable DSN / blackhole DSN`,
  );
  const sentry = await sentryPhase({
    root,
    db,
    baseline: app,
    mix,
    rate: FAULT_RATE,
    roundSeconds: S.sentryRoundS,
    rounds: S.sentryRounds,
    say,
  });
  await app.stop();
  const f = sentry.figures;
  console.log(
    `\n==== Sentry host unreachable (blackhole accepted ${f.blackhole.connections} connections, ${f.blackhole.bytesReceived} bytes; the reachable host got ${f.reachableHost.envelopes} envelopes; deliberate 500s ${JSON.stringify(f.deliberateErrors)})`,
  );
  console.log(`                 requests  req/s  p50 ms  p95 ms  p99 ms  errors  no answer`);
  for (const [name, s] of /** @type {[string, typeof f.noDsn][]} */ ([
    ['no DSN', f.noDsn],
    ['reachable DSN', f.reachableDsn],
    ['blackhole DSN', f.blackholeDsn],
  ])) {
    console.log(
      `${name.padEnd(16)} ${fmt(s.requests, 8)} ${fmt(s.achievedRate, 6)} ${fmt(s.p50Ms)} ${fmt(s.p95Ms)} ${fmt(s.p99Ms)} ${fmt(s.errors)} ${fmt(s.unanswered, 10)}`,
    );
  }
  console.log(
    `unreachable host: p95 ratio (blackhole / reachable) ${f.p95Ratio} (p50 ${f.p50Ratio}, p99 ${f.p99Ratio}) — ≈1 = no added latency`,
  );
  console.log(
    `error reporting itself: reachable / no DSN p50 ${f.reportingCost.p50Ratio}, p95 ${f.reportingCost.p95Ratio}\n`,
  );

  const r = S.redis;
  say(
    `faults 2/2: Redis and Unleash down — ${FAULT_RATE} req/s over a fail-open and a fail-closed app for ${r.endAtS} s; both stop at ${r.downAtS} s, Redis returns at ${r.upAtS} s`,
  );
  const redis = await redisUnleashPhase({ root, db, workspaces, mix, rate: FAULT_RATE, ...r, say });
  const g = redis.figures;
  console.log(`\n==== Redis down (${g.downAtS} s → ${g.upAtS} s) and Unleash down (from ${g.downAtS} s)`);
  console.log(
    `fail open:   ${g.failOpen.requests} answers ${JSON.stringify(g.failOpen.statuses)}; while down ${g.failOpen.passedWhileDown}/${g.failOpen.answersWhileDown} passed; ≥500: ${g.failOpen.serverErrors}; no answer in 10 s: ${g.failOpen.unanswered}; rate-limited ${(g.failOpen.limitedShareBefore * 100).toFixed(0)}% before / ${(g.failOpen.limitedShareAfter * 100).toFixed(0)}% after, again ${g.failOpen.limitingBackAfterS} s after the restart; p95 ${g.failOpen.p95Ms} ms`,
  );
  console.log(
    `fail closed: ${g.failClosed.requests} answers ${JSON.stringify(g.failClosed.statuses)}; while down ${g.failClosed.problem503} × 503 SERVICE_UNAVAILABLE problem+json, other ≥500: ${g.failClosed.otherServerErrors}; no answer in 10 s: ${g.failClosed.unanswered}; 503 share before ${(g.failClosed.share503Before * 100).toFixed(0)}% / after ${(g.failClosed.share503After * 100).toFixed(0)}%, last 503 ${g.failClosed.last503AfterRestartS} s after the restart; p95 ${g.failClosed.p95Ms} ms`,
  );
  console.log(
    `unleash:     ${g.unleash.probes} probes of ${g.unleash.flag} (on for half the workspaces, off for the rest), ${g.unleash.probesAfterStop} after it stopped; readiness saw it down: ${g.unleash.readinessSawUnleashDown}`,
  );
  const failures = [...sentry.failures, ...redis.failures];
  if (failures.length) {
    console.log('\n!!!!!!!! FAULT ASSERTIONS FAILED !!!!!!!!');
    for (const failure of failures) console.log(`  - ${failure}`);
  } else {
    console.log(
      '\nAll fault assertions held: no 5xx beyond the configured fail-closed 503, the fail mode as configured, recovery after Redis returned, last known flags while Unleash was down, Sentry events attempted.',
    );
  }
  writeResult('load-faults', { rate: FAULT_RATE, sentry: f, redisUnleash: g, failures }, failures.length === 0);
  return failures.length === 0;
}

/** The server on the embedded default: the same settings as the PostgreSQL runs, PGlite in a throwaway directory. */
function embeddedAppEnv() {
  const serverEnv = baseAppEnv({ runtimeUrl: '', authUrl: '' });
  for (const key of ['DATABASE_DRIVER', 'DATABASE_URL', 'DATABASE_AUTH_URL']) delete serverEnv[key];
  return { ...serverEnv, DATABASE_DRIVER: 'pglite', PGLITE_DATA_DIR: path.join(tempDir('tika-load-pglite-'), 'data') };
}

async function main() {
  say(
    `load suite, ${scale} scale${args.only ? ` (only ${args.only})` : ''}: ${embedded ? 'embedded PGlite' : 'starting PostgreSQL 15'}`,
  );
  const db = embedded ? null : await startPostgres(root);
  if (db) say(`PostgreSQL on 127.0.0.1:${db.port}, migrated; starting the production server`);
  const appEnv = db ? baseAppEnv(db) : embeddedAppEnv();
  const app = await startApp(root, 'main', {
    ...appEnv,
    TIKA_DIAGNOSTICS: '1',
    ...(process.env.DATABASE_POOL_MAX ? { DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX } : {}),
    // e.g. the Helm chart's --max-old-space-size, to measure RSS as a pod would run
    ...(process.env.LOAD_NODE_OPTIONS ? { NODE_OPTIONS: process.env.LOAD_NODE_OPTIONS } : {}),
  });
  say(`server on ${app.url} (pid ${app.pid}); seeding`);
  const seedStarted = performance.now();
  const workspaces = await seed(app.url, db?.adminUrl ?? null, say);
  say(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
  const mix = createMix(workspaces);
  let ok = true;
  if (runLoad) ok = (await loadPhase(app, db, workspaces, mix)) && ok;
  if (only.includes('cpu')) ok = (await cpuPhase(app, db, workspaces)) && ok;
  if (only.includes('knee')) ok = (await kneePhase(app, db, mix)) && ok;
  if (only.includes('soak')) ok = (await soakPhase(app, db, mix)) && ok;
  if (runFaults) ok = (await faultPhases(app, db, workspaces, mix)) && ok;
  say(`done in ${elapsed().toFixed(0)} s: ${ok ? 'ok' : 'FAILED'}`);
  return ok ? 0 : 1;
}

runMain('load', main, { budgetS: S.budgetS });
