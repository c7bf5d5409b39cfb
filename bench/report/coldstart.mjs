#!/usr/bin/env node
// Cold start of the production server (.next/standalone/server.js): the time from spawning the process to the
// first 200 from GET /api/health/ready and to the first rendered sign-in page (GET /sign-in → 200, the page's HTML;
// its form is a client component under Suspense, so the HTML carries the page shell), polled every 25 ms each. Two databases:
//   pglite   — a fresh, empty data directory every run: the time includes creating and migrating it;
//   postgres — a throwaway PostgreSQL 15, migrated once before the runs (a deploy's usual case: schema in place).
// It also records the server's RSS when idle, 3 s after both answered. Writes bench/results/coldstart.json.
//
//   node bench/report/coldstart.mjs [--runs 3] [--pg-port N]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, runMain, startDaemon, stopChild, tempDir } from '../lib/procs.mjs';
import { gitCommit, root, rssMiB, serverEnv, serverJs, sleep, startPostgres } from './servers.mjs';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, 'pg-port': { type: 'string' } },
});
const RUNS = Number(args.runs);
const LIMIT_MS = 120_000;

/** @typedef {{ readyMs: number, signInMs: number, idleRssMiB: number | null }} ColdStart */

/**
 * Polls `probe` every 25 ms until it is true; resolves the ms since `t0`.
 * @param {() => Promise<boolean>} probe
 * @param {number} t0
 * @param {import('node:child_process').ChildProcess} child
 */
async function firstSuccess(probe, t0, child) {
  while (performance.now() - t0 < LIMIT_MS) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    if (await probe().catch(() => false)) return performance.now() - t0;
    await sleep(25);
  }
  throw new Error(`no success within ${LIMIT_MS / 1000} s`);
}

/**
 * @param {{ runtimeUrl?: string, pgliteDir?: string }} database
 * @returns {Promise<ColdStart>}
 */
async function oneColdStart(database) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = serverEnv({ port, ...database });
  const t0 = performance.now();
  const server = startDaemon(process.execPath, [serverJs], { env, cwd: root });
  try {
    const [readyMs, signInMs] = await Promise.all([
      firstSuccess(async () => (await fetch(`${base}/api/health/ready`)).status === 200, t0, server.child),
      firstSuccess(
        async () => {
          const res = await fetch(`${base}/sign-in`);
          return res.status === 200 && /<title>Sign in/.test(await res.text());
        },
        t0,
        server.child,
      ),
    ]);
    await sleep(3000);
    return { readyMs: Math.round(readyMs), signInMs: Math.round(signInMs), idleRssMiB: rssMiB(server.child.pid) };
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${server.lines.join('\n')}`);
  } finally {
    await stopChild(server.child);
  }
}

/** @param {(number | null)[]} values a missing RSS (null) sorts as 0, as JavaScript's subtraction has it */
const median = (values) => {
  const sorted = [...values].sort((a, b) => Number(a) - Number(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

/** @param {ColdStart[]} runs */
function summarize(runs) {
  return {
    runs,
    readyMs: median(runs.map((r) => r.readyMs)),
    signInMs: median(runs.map((r) => r.signInMs)),
    idleRssMiB: median(runs.map((r) => r.idleRssMiB)),
  };
}

async function main() {
  const started = performance.now();
  const scratch = tempDir('tika-coldstart-');
  /** @type {ColdStart[]} */
  const pglite = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await oneColdStart({ pgliteDir: path.join(scratch, `pglite-${i}`) });
    pglite.push(run);
    console.log(
      `cold start, PGlite (fresh data dir) #${i + 1}: ready ${run.readyMs} ms, sign-in page ${run.signInMs} ms, idle RSS ${run.idleRssMiB} MiB`,
    );
  }
  const db = await startPostgres({ port: args['pg-port'] ? Number(args['pg-port']) : undefined });
  /** @type {ColdStart[]} */
  const postgres = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await oneColdStart({ runtimeUrl: db.runtimeUrl });
    postgres.push(run);
    console.log(
      `cold start, PostgreSQL (migrated) #${i + 1}: ready ${run.readyMs} ms, sign-in page ${run.signInMs} ms, idle RSS ${run.idleRssMiB} MiB`,
    );
  }
  const result = {
    suite: 'coldstart',
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    scale: RUNS >= 3 ? 'full' : 'short',
    ok: true,
    pglite: summarize(pglite),
    postgres: summarize(postgres),
    elapsedSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  };
  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'coldstart.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `medians — PGlite: ready ${result.pglite.readyMs} ms, sign-in ${result.pglite.signInMs} ms; PostgreSQL: ready ${result.postgres.readyMs} ms, sign-in ${result.postgres.signInMs} ms`,
  );
}

runMain('coldstart', main);
