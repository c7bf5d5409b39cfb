// Fuzzing generated from the OpenAPI document (issue 7), against the production build (`npm run build` first).
//
//   npm run test:fuzz          SHORT (what CI runs): 1,000 generated requests on PostgreSQL 15 + 150 on PGlite
//   npm run test:fuzz:full     FULL: 10,000 on PostgreSQL + 1,000 on embedded PGlite
//
//   FUZZ_SCALE=short|full      picks the defaults above (test:fuzz sets short; unset means full)
//   FUZZ_REQUESTS=n            requests on PostgreSQL; FUZZ_PGLITE_REQUESTS=n on PGlite (0 skips that pass)
//   FUZZ_SEED=n                replays a run: the seed is printed at the start and in every failure
//   FUZZ_OPS=a,b               only these operationIds (to replay a counterexample)
//   FUZZ_PG_PORT=n             PostgreSQL port (default: one the OS says is free)
//
// Every operation of GET /api/v1/openapi.json gets requests of every category (valid-shaped, one field mutated,
// unicode, wrong types, malformed JSON, deep nesting, over the 1 MB limit, odd path params, query params, headers
// and credentials), sent one at a time by callers of every role, other workspaces' callers and no caller at all.
// Asserted: no 5xx; every non-2xx answer is problem+json with a known code, its status, and the request id of the
// x-request-id header; on PostgreSQL, every tenant table is fingerprinted after each request and a request that was
// not answered 2xx must leave every fingerprint unchanged. Figures go to bench/results/fuzz.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshotReader, type SnapshotReader } from '../support/fuzz-db';
import { closeRawAgent } from '../support/fuzz-http';
import {
  startFuzzAppOnPglite,
  startFuzzAppOnPostgres,
  startFuzzPostgres,
  type FuzzPostgres,
} from '../support/fuzz-stack';
import type { App } from '../support/procs';
import { root } from '../support/procs';
import { emptyFigures, runFuzz, type Figures } from './engine';
import { operationsOf, type Operation } from './openapi';
import { seedWorld } from './world';

const scale = process.env.FUZZ_SCALE === 'short' ? 'short' : 'full';
const intEnv = (name: string, fallback: number) =>
  process.env[name] ? Number.parseInt(process.env[name]!, 10) : fallback;
const pgRequests = intEnv('FUZZ_REQUESTS', scale === 'short' ? 1_000 : 10_000);
const pgliteRequests = intEnv('FUZZ_PGLITE_REQUESTS', scale === 'short' ? 150 : 1_000);
const seed = intEnv('FUZZ_SEED', Date.now() % 2_147_483_647);
const only = process.env.FUZZ_OPS?.split(',').filter(Boolean);
const replay = `FUZZ_SEED=${seed} FUZZ_REQUESTS=${pgRequests}${only ? ` FUZZ_OPS=${only.join(',')}` : ''}`;

const started = performance.now();
const passes: Record<string, { figures: Figures; runtimeS: number; operations: number }> = {};
const cleanups: (() => Promise<unknown> | unknown)[] = [];
const log = (line: string) => console.log(`[fuzz ${((performance.now() - started) / 1000).toFixed(0)} s] ${line}`);

log(`seed ${seed} (replay with ${replay}), scale ${scale}`);

async function documentOperations(app: App): Promise<Operation[]> {
  const response = await fetch(`${app.url}/api/v1/openapi.json`);
  expect(response.status).toBe(200);
  const operations = operationsOf(await response.json());
  return only ? operations.filter((op) => only.includes(op.operationId)) : operations;
}

async function fuzzPass(name: string, app: App, requests: number, snapshots?: SnapshotReader) {
  const passStarted = performance.now();
  const operations = await documentOperations(app);
  const world = await seedWorld(app.url);
  const figures = emptyFigures();
  figures.setupRequests = world.setupRequests;
  // Several rounds over all operations interleave them, so deletes and creates of one kind alternate.
  const rounds = Math.max(1, Math.min(5, Math.floor(requests / (operations.length * 40))));
  log(`${name}: ${operations.length} operations, ${requests} requests in ${rounds} round(s)`);
  passes[name] = { figures, runtimeS: 0, operations: operations.length };
  try {
    await runFuzz({ world, operations, requests, rounds, seed, snapshots, figures, log });
  } finally {
    passes[name].runtimeS = Math.round((performance.now() - passStarted) / 100) / 10;
  }
  log(
    `${name}: ${figures.requests} requests in ${passes[name].runtimeS} s; statuses ${JSON.stringify(figures.statuses)}`,
  );

  const starved = operations
    .filter((op) => !figures.perOperation[op.operationId]?.requests)
    .map((op) => op.operationId);
  expect(starved, 'operations that got no requests').toEqual([]);
  expect(figures.requests, 'requests sent').toBeGreaterThanOrEqual(requests * 0.95);
  const summary = figures.violations
    .slice(0, 15)
    .map((v) => `${v.kind} ${v.operationId} (${v.category}): ${v.detail}\n    ${v.request}`);
  expect(figures.violations.length, `violations (replay with ${replay}):\n${summary.join('\n')}`).toBe(0);
  const stderr = app.stderr.join('');
  expect(app.proc.exitCode, `the app exited: ${stderr.slice(-2000)}`).toBeNull();
}

describe('fuzzing generated from the OpenAPI document', () => {
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    closeRawAgent();
    writeResults();
  });

  it(`PostgreSQL 15: ${pgRequests} requests, no 5xx, only problem+json errors, rejected requests change nothing`, async () => {
    const pg: FuzzPostgres = await startFuzzPostgres();
    cleanups.push(() => pg.stop());
    const app = await startFuzzAppOnPostgres(pg);
    cleanups.push(() => app.stop());
    const snapshots = await snapshotReader(pg.superUrl);
    cleanups.push(() => snapshots.close());
    log(`PostgreSQL on port ${pg.port}; fingerprinting ${snapshots.tables.join(', ')}`);
    await fuzzPass('postgres', app, pgRequests, snapshots);
  });

  it.runIf(pgliteRequests > 0)(
    `embedded PGlite: ${pgliteRequests} requests, no 5xx, only problem+json errors`,
    async () => {
      const { app, cleanup } = await startFuzzAppOnPglite();
      cleanups.push(cleanup, () => app.stop());
      await fuzzPass('pglite', app, pgliteRequests);
    },
  );
});

function writeResults() {
  const pg = passes.postgres?.figures;
  const all = Object.values(passes);
  const ok = all.length > 0 && all.every((p) => p.figures.violations.length === 0) && Boolean(pg);
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    // not a checkout
  }
  // Headline figures (objects of at most 12 keys, which bench:report shows one row each); the full breakdown
  // (per operation, per category, samples, counterexamples) goes to `details`.
  const headline = (p: (typeof passes)[string]) => {
    const perOp = Object.values(p.figures.perOperation);
    return {
      requests: p.figures.requests,
      setupRequests: p.figures.setupRequests,
      runtimeS: p.runtimeS,
      operations: p.operations,
      fewestRequestsPerOperation: perOp.length ? Math.min(...perOp.map((o) => o.requests)) : 0,
      operationsAnswered2xx: perOp.filter((o) => o.ok2xx > 0).length,
      rejectedRequestsFingerprinted: p.figures.dbChecks,
      violations: p.figures.violations.length,
      statuses: p.figures.statuses,
      problemCodes: Object.keys(p.figures.problemCodes).sort(),
      latencyMs: p.figures.latencyMs,
    };
  };
  const figures = {
    seed,
    replay,
    runtimeS: Math.round((performance.now() - started) / 100) / 10,
    requestsSent: all.reduce((n, p) => n + p.figures.requests, 0),
    counterexamples: all.reduce((n, p) => n + p.figures.counterexamples.length, 0),
    ...Object.fromEntries(Object.entries(passes).map(([name, p]) => [name, headline(p)])),
  };
  const details = Object.fromEntries(
    Object.entries(passes).map(([name, p]) => [
      name,
      {
        problemCodes: p.figures.problemCodes,
        perCategory: p.figures.perCategory,
        perOperation: p.figures.perOperation,
        violationSamples: p.figures.violations.slice(0, 30),
        counterexamples: p.figures.counterexamples,
      },
    ]),
  );
  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'fuzz.json'),
    `${JSON.stringify({ suite: 'fuzz', finishedAt: new Date().toISOString(), commit, scale, figures, ok, details }, null, 2)}\n`,
  );
  log(`wrote bench/results/fuzz.json (ok: ${ok})`);
}
