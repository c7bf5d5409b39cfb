import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../support/procs';
import { startBackend, type Backend } from '../support/scale-backend';
import { auditBaseline, compareDatabase } from '../support/scale-db';
import { activeWorkspaces, findLeaks, newWorld, type World } from '../support/scale-model';
import { newStats, operationsOf, runLane, WEIGHTS, type OperationMeta, type RunContext } from '../support/scale-run';
import { rng } from '../support/scale-prng';
import { buildWorld } from '../support/scale-setup';
import { startReceiver, type Received, type Receiver } from '../support/webhook-receiver';

// Isolation at scale: the production build (`npm run build` first) on a throwaway PostgreSQL 15, N workspaces
// with people of every role, API tokens, boards, columns, tickets, comments and invitations, then thousands of
// random operations over the whole /api/v1 surface — a quarter of them with another workspace's credentials or
// ids — each checked against an in-test model; at the end the whole database is compared with the model. Webhooks
// are delivered for real by the app's job worker to a receiver here: every body it got must carry only the data of
// the workspace whose endpoint it was sent to.
//
//   npm run test:isolation-scale                         short (CI): 50 workspaces, 2,000 operations
//   npm run test:isolation-scale:full                    full: 50 workspaces, 20,000 operations (ISOLATION_SCALE=full)
//   ISOLATION_OPS=…  ISOLATION_WORKSPACES=…               override either figure
//   ISOLATION_SEED=…                                     replay a run (printed on every run and on failure)
//   ISOLATION_CONCURRENCY=1                              one lane: an exact replay of the seed (default 4 lanes)
//   ISOLATION_PG_PORT=55491                              the throwaway PostgreSQL's port (default: one the OS says is free)
//   ISOLATION_DB=pglite (npm run test:isolation-scale:pglite)   the same run on the embedded database instead
// Writes bench/results/isolation-scale.json (…-pglite.json on PGlite).

const full = process.env.ISOLATION_SCALE === 'full';
const OPS = Number(process.env.ISOLATION_OPS ?? (full ? 20_000 : 2_000));
const WORKSPACES = Number(process.env.ISOLATION_WORKSPACES ?? 50);
const LANES = Number(process.env.ISOLATION_CONCURRENCY ?? 4);
const SEED = Number(process.env.ISOLATION_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PG_PORT = process.env.ISOLATION_PG_PORT ? Number(process.env.ISOLATION_PG_PORT) : undefined;
const DB = process.env.ISOLATION_DB === 'pglite' ? 'pglite' : 'pg';
const scale = full || OPS >= 20_000 ? 'full' : 'short';

let backend: Backend | undefined;
let receiver: Receiver | undefined;
let operations: Map<string, OperationMeta>;

beforeAll(async () => {
  receiver = await startReceiver();
  console.log(
    `isolation-scale: seed ${SEED} (replay with ISOLATION_SEED=${SEED} ISOLATION_CONCURRENCY=1), ${WORKSPACES} workspaces, ${OPS} operations, ${LANES} lanes`,
  );
  backend = await startBackend(DB, PG_PORT);
  const doc = await (await fetch(`${backend.app.url}/api/v1/openapi.json`)).json();
  operations = operationsOf(doc);
}, 300_000);

afterAll(async () => {
  await backend?.stop();
  await receiver?.close();
});

describe('isolation at scale', () => {
  it('N workspaces, thousands of random operations with foreign credentials and ids: 0 leaks, 0 cross-tenant writes', async () => {
    expect(Object.keys(WEIGHTS).sort(), 'every operation of the served document has a weight (and a builder)').toEqual(
      [...operations.keys()].sort(),
    );

    const started = performance.now();
    const world = newWorld(`http://127.0.0.1:${receiver!.port}`);
    const base = backend!.app.url;
    await buildWorld(base, world, rng(SEED), WORKSPACES, Math.max(4, Math.round(WORKSPACES / 5)));
    await auditBaseline(base, world);
    // The detector itself: another workspace's board id, marker or member is a leak; the own workspace's is not.
    const [a, b] = activeWorkspaces(world);
    const probe = {
      data: [{ id: [...b!.boards.keys()][0], title: `x ${b!.marker}`, assigneeId: [...b!.members.keys()][0] }],
    };
    expect(findLeaks(world, probe, { allowed: new Set([a!.id]), carried: [] })).toHaveLength(3);
    expect(findLeaks(world, probe, { allowed: new Set([b!.id]), carried: [] })).toEqual([]);
    const setupSeconds = (performance.now() - started) / 1000;

    const ctx: RunContext = {
      base,
      world,
      operations,
      stats: newStats(),
      busy: new Set(),
      stop: { now: false },
      seed: SEED,
    };
    const runStarted = performance.now();
    await Promise.all(
      Array.from({ length: LANES }, (_, lane) =>
        runLane(ctx, lane, LANES, Math.floor(OPS / LANES) + (lane < OPS % LANES ? 1 : 0)),
      ),
    );
    const runSeconds = (performance.now() - runStarted) / 1000;

    const deliveryLeaks = checkDeliveries(world, receiver!.received);
    const comparison = await backend!.inspect((query) => compareDatabase(world, query));
    const { stats } = ctx;
    const uncovered = [...operations.keys()].filter((op) => !stats.byOperation[op]?.own);
    const neverSucceeded = [...operations.keys()].filter((op) => !stats.byOperation[op]?.ok);
    const figures = {
      seed: SEED,
      workspaces: activeWorkspaces(world).length,
      workspacesInDatabase: world.workspaces.size,
      users: world.users.size,
      operations: stats.operations,
      operationsByMode: stats.byMode,
      operationsByKind: stats.byOperation,
      statuses: stats.statuses,
      foreignCredentialAttempts: stats.foreignCredentialAttempts,
      foreignIdAttempts: stats.foreignIdAttempts,
      foreignShare: Number(
        ((stats.foreignCredentialAttempts + stats.foreignIdAttempts) / Math.max(1, stats.operations)).toFixed(3),
      ),
      leaks: stats.leaks.length,
      webhookBodiesReceived: receiver!.received.length,
      webhookLeaks: deliveryLeaks.length,
      serverErrors: stats.serverErrors.length,
      crossTenantWrites: comparison.crossTenantWrites.length,
      databaseMismatches: comparison.mismatches.length,
      rowsCompared: comparison.tables,
      operationsNeverSucceeded: neverSucceeded,
      plansSkipped: stats.skipped,
      idsTracked: world.ownerOf.size,
      idsLearnedFromResponses: world.learned,
      setupSeconds: Number(setupSeconds.toFixed(1)),
      runSeconds: Number(runSeconds.toFixed(1)),
      operationsPerSecond: Number((stats.operations / runSeconds).toFixed(1)),
      runtimeSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      lanes: LANES,
      database: backend!.name,
    };
    const ok =
      stats.failures.length === 0 &&
      stats.leaks.length === 0 &&
      deliveryLeaks.length === 0 &&
      stats.serverErrors.length === 0 &&
      comparison.crossTenantWrites.length === 0 &&
      comparison.mismatches.length === 0 &&
      uncovered.length === 0;
    writeResults({
      suite: DB === 'pg' ? 'isolation-scale' : 'isolation-scale-pglite',
      finishedAt: new Date().toISOString(),
      commit: commit(),
      scale,
      figures,
      ok,
    });
    console.log(
      [
        `isolation-scale (${scale}, seed ${SEED}): ${figures.workspaces} workspaces, ${stats.operations} operations in ${figures.runSeconds} s (${figures.operationsPerSecond}/s, setup ${figures.setupSeconds} s)`,
        `  by mode: ${JSON.stringify(stats.byMode)}`,
        `  by operation (own calls/successes/attacks): ${Object.entries(stats.byOperation)
          .sort(([x], [y]) => x.localeCompare(y))
          .map(
            ([op, n]) =>
              `${op} ${n.own ?? 0}/${n.ok ?? 0}/${Object.entries(n)
                .filter(([k]) => k !== 'own' && k !== 'ok')
                .reduce((sum, [, v]) => sum + v, 0)}`,
          )
          .join(', ')}`,
        `  foreign-credential attempts ${stats.foreignCredentialAttempts}, foreign-id attempts ${stats.foreignIdAttempts} (${(figures.foreignShare * 100).toFixed(1)} %)`,
        `  statuses: ${JSON.stringify(stats.statuses)}`,
        `  webhook bodies received ${receiver!.received.length}, leaks in them ${deliveryLeaks.length}`,
        `  leaks ${stats.leaks.length}, 5xx ${stats.serverErrors.length}, cross-tenant writes ${comparison.crossTenantWrites.length}, database mismatches ${comparison.mismatches.length}`,
        `  rows compared: ${JSON.stringify(comparison.tables)}`,
        `  operations that never succeeded in the run: ${neverSucceeded.join(', ') || 'none'}`,
      ].join('\n'),
    );
    const seedNote = `seed ${SEED}: replay with ISOLATION_SEED=${SEED} ISOLATION_CONCURRENCY=1`;
    expect(stats.failures, seedNote).toEqual([]);
    expect(stats.serverErrors, seedNote).toEqual([]);
    expect(stats.leaks, seedNote).toEqual([]);
    expect(deliveryLeaks.slice(0, 20), seedNote).toEqual([]);
    expect(comparison.crossTenantWrites.slice(0, 20), seedNote).toEqual([]);
    expect(comparison.mismatches.slice(0, 20), seedNote).toEqual([]);
    expect(uncovered, 'operations the run never called as their own workspace').toEqual([]);
    expect(figures.foreignShare).toBeGreaterThan(0.15);
  }, 3_600_000);
});

/**
 * Each body the receiver got went to one workspace's endpoint (its marker is the URL's first segment): the event's
 * data, and the delivery id in webhook-id, must be that workspace's. A path the model never handed out is a leak.
 */
function checkDeliveries(world: World, received: Received[]): string[] {
  const leaks: string[] = [];
  for (const r of received) {
    const owner = world.ownerOf.get(r.path.split('/')[1] ?? '');
    if (!owner) {
      leaks.push(`a webhook to ${r.path}, an address no workspace of the model has`);
      continue;
    }
    let body: unknown;
    try {
      body = JSON.parse(r.body);
    } catch {
      leaks.push(`webhook to ${r.path}: not JSON: ${r.body.slice(0, 200)}`);
      continue;
    }
    const found = findLeaks(world, [body, r.headers['webhook-id']], { allowed: new Set([owner]), carried: [] });
    for (const leak of found) leaks.push(`webhook to ${r.path}: ${leak}`);
  }
  return leaks;
}

function commit(): string {
  return spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim() || 'unknown';
}

function writeResults(result: { suite: string } & Record<string, unknown>): void {
  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${result.suite}.json`), `${JSON.stringify(result, null, 2)}\n`);
}
