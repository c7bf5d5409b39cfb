import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isProblem,
  newBoard,
  newWorkspace,
  send,
  type Board,
  type Caller,
  type Reply,
  type Workspace,
} from '../support/faults-api';
import {
  faultAppEnv,
  recordFaults,
  sizes,
  startFaultPostgres,
  superQuery,
  type FaultPostgres,
} from '../support/faults-env';
import { checkLedger, newLedger } from '../support/faults-ledger';
import { startSteadyLoad } from '../support/faults-load';
import { sleep, startApp, waitFor, type App } from '../support/procs';

// PostgreSQL restarted under a steady write+read load (TIKA_FAULTS_SCALE: short for CI, full on demand):
// readiness answers 503 while the database is down and 200 within 10 s of its return; every request meanwhile
// gets a problem+json answer (503 DATABASE_UNAVAILABLE, never a hang or a 500); every write acknowledged with a
// 2xx is in the database afterwards; keyed creates whose answer was lost or refused are retried after the
// restart and exist exactly once.

let db: FaultPostgres;
let app: App;
const workspaces: Workspace[] = [];
const boards: { caller: Caller; board: Board }[] = [];

beforeAll(async () => {
  db = await startFaultPostgres('restart');
  app = await startApp(faultAppEnv(db));
  await waitFor('readiness', async () => (await fetch(`${app.url}/api/health/ready`)).status === 200, 30_000, 200);
  for (let i = 0; i < Math.max(2, sizes.workers / 2); i++) workspaces.push(await newWorkspace(app.url));
  for (let i = 0; i < sizes.workers; i++) {
    const { caller } = workspaces[i % workspaces.length]!;
    boards.push({ caller, board: await newBoard(caller, `steady ${i}`) });
  }
});

afterAll(async () => {
  await app?.stop('SIGKILL');
  await db?.destroy();
});

const readyStatus = () =>
  fetch(`${app.url}/api/health/ready`, { signal: AbortSignal.timeout(5_000) }).then(
    (r) => r.status,
    () => 0,
  );

interface KeyedCreate {
  caller: Caller;
  key: string;
  body: { columnId: string; title: string };
  first: Reply;
}

/** A ticket create with an Idempotency-Key, optionally abandoned after `abandonAfterMs` (its answer is lost). */
async function keyedCreate(caller: Caller, board: Board, abandonAfterMs?: number): Promise<KeyedCreate> {
  const key = `restart-${randomUUID()}`;
  const body = { columnId: board.columnIds[0]!, title: `keyed ${key}` };
  const signal = abandonAfterMs === undefined ? undefined : AbortSignal.timeout(abandonAfterMs);
  return {
    caller,
    key,
    body,
    first: await send(caller, 'POST', '/api/v1/tickets', { body, idempotencyKey: key, signal }),
  };
}

describe('PostgreSQL restart during load', () => {
  it('answers 503 problems while down, is ready within 10 s of its return, and loses no acknowledged write', async () => {
    const ledger = newLedger();
    const load = startSteadyLoad(boards, ledger);
    await sleep(sizes.loadBeforeMs);

    // Creates whose answers get lost: abandoned by the client after a few milliseconds, half of them just before
    // the database goes down (they may well commit), half as it goes down.
    const lostCreate = (i: number) =>
      keyedCreate(boards[i % boards.length]!.caller, boards[i % boards.length]!.board, 3 + i * 4);
    const lost = Array.from({ length: 4 }, (_, i) => lostCreate(i));
    await sleep(150);
    lost.push(...Array.from({ length: 4 }, (_, i) => lostCreate(4 + i)));
    load.phase = 'stopping';
    const stopStarted = Date.now();
    await db.stop();
    const down = Date.now();
    load.phase = 'outage';

    // While down: readiness says 503 every time; keyed creates and a cookie session get a 503 problem.
    const readyWhileDown: number[] = [];
    const refused: KeyedCreate[] = [];
    const cookieReplies: Reply[] = [];
    let signIn: { status: number; contentType: string; body: string } | undefined;
    while (Date.now() - down < sizes.outageMs) {
      readyWhileDown.push(await readyStatus());
      if (refused.length < 6)
        refused.push(
          await keyedCreate(
            boards[refused.length % boards.length]!.caller,
            boards[refused.length % boards.length]!.board,
          ),
        );
      if (!signIn) {
        const r = await fetch(`${app.url}/api/auth/sign-in/email`, {
          method: 'POST',
          headers: { origin: app.url, 'content-type': 'application/json' },
          body: JSON.stringify({ email: workspaces[0]!.email, password: workspaces[0]!.password }),
          signal: AbortSignal.timeout(10_000),
        });
        signIn = {
          status: r.status,
          contentType: r.headers.get('content-type') ?? '',
          body: (await r.text()).slice(0, 300),
        };
      }
      if (cookieReplies.length < 3) {
        const r = await fetch(`${app.url}/api/v1/boards`, {
          headers: { cookie: workspaces[0]!.cookie },
          signal: AbortSignal.timeout(10_000),
        });
        cookieReplies.push({
          status: r.status,
          body: await r.json().catch(() => null),
          contentType: r.headers.get('content-type') ?? '',
          replayed: false,
          ms: 0,
        });
      }
      await sleep(200);
    }

    load.phase = 'starting';
    await db.start();
    const up = Date.now();
    load.phase = 'recovery';
    let readyAt = 0;
    while (Date.now() - up < 30_000) {
      if ((await readyStatus()) === 200) {
        readyAt = Date.now();
        break;
      }
      await sleep(100);
    }
    const timeToHealthyS = readyAt ? (readyAt - up) / 1000 : Infinity;
    load.phase = 'after';
    await sleep(sizes.loadAfterMs);
    await load.stop();

    // Every keyed create is retried (sequentially, 2-3 times) now that the database is back.
    const keyed = [...(await Promise.all(lost)), ...refused];
    const retries: Reply[][] = [];
    for (const create of keyed) {
      const replies: Reply[] = [];
      for (let attempt = 0; attempt < 2 + (retries.length % 2); attempt++)
        replies.push(
          await send(create.caller, 'POST', '/api/v1/tickets', { body: create.body, idempotencyKey: create.key }),
        );
      retries.push(replies);
    }
    const rowsPerKey = await superQuery<{ title: string; rows: number }>(
      db,
      'select t.title, (select count(*)::int from tickets x where x.title = t.title) as rows from unnest($1::text[]) as t(title)',
      [keyed.map((k) => k.body.title)],
    );

    const check = await checkLedger(db, ledger);
    const outage = load.tallies.outage ?? { requests: 0, ok: 0, errors: {}, codes: {}, malformed: 0, hangs: 0 };
    const all = Object.values(load.tallies);
    const figures = {
      restartDowntimeS: (up - stopStarted) / 1000,
      pgStopS: (down - stopStarted) / 1000,
      timeToHealthyS,
      readinessWhileDown: { probes: readyWhileDown.length, status503: readyWhileDown.filter((s) => s === 503).length },
      signInWhileDown: signIn,
      load: load.tallies,
      ledger: {
        acknowledged: check.acknowledged,
        failed: check.failed,
        verified: check.verified,
        missing: check.missing,
        rowMismatches: check.rowMismatches,
        supersededByUnacknowledged: check.supersededByUnacknowledged,
      },
      idempotencyAcrossRestart: {
        keys: keyed.length,
        answeredFirstTime: keyed.filter((k) => k.first.status === 201).length,
        lostOrRefusedFirstTime: keyed.filter((k) => k.first.status !== 201).length,
        lostButCommitted: keyed.filter((k, i) => k.first.status !== 201 && retries[i]![0]!.replayed).length,
        retries: retries.flat().length,
        replayed: retries.flat().filter((r) => r.replayed).length,
        keysWithExactlyOneRow: rowsPerKey.filter((r) => r.rows === 1).length,
        duplicates: rowsPerKey.reduce((sum, r) => sum + Math.max(0, r.rows - 1), 0),
      },
    };
    const ok =
      timeToHealthyS <= 10 &&
      signIn?.status === 503 &&
      check.missing === 0 &&
      check.rowMismatches === 0 &&
      all.every((t) => t.malformed === 0 && t.hangs === 0 && !t.errors['500']) &&
      figures.idempotencyAcrossRestart.keysWithExactlyOneRow === keyed.length;
    await recordFaults('pgRestart', figures, ok);
    console.log(`[faults] pg restart: ${JSON.stringify(figures)}`);

    // Readiness: 503 on every probe while down, 200 within 10 s of the database's return.
    expect(readyWhileDown.length).toBeGreaterThan(3);
    expect(readyWhileDown.every((s) => s === 503)).toBe(true);
    expect(timeToHealthyS).toBeLessThanOrEqual(10);

    // The outage was hit by the load, and answered with 503 DATABASE_UNAVAILABLE problems only.
    expect(outage.requests).toBeGreaterThan(10);
    expect(outage.ok).toBe(0);
    expect(Object.keys(outage.errors)).toEqual(['503']);
    expect(Object.keys(outage.codes)).toEqual(['DATABASE_UNAVAILABLE']);
    for (const tally of all) {
      expect(tally.malformed, load.malformedSamples.join('\n')).toBe(0);
      expect(tally.hangs).toBe(0);
      expect(tally.errors['500']).toBeUndefined();
      expect(Object.keys(tally.errors).filter((k) => k.startsWith('no-answer'))).toEqual([]);
    }
    // Once ready again, the load runs clean.
    expect(load.tallies.after?.errors).toEqual({});
    expect(load.tallies.after?.ok).toBeGreaterThan(10);
    for (const create of refused) {
      expect(create.first.status).toBe(503);
      expect(isProblem(create.first)).toBe(true);
      expect(create.first.body.code).toBe('DATABASE_UNAVAILABLE');
    }
    // The auth library's own routes too.
    expect(signIn?.status).toBe(503);
    expect(signIn?.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(signIn!.body).code).toBe('DATABASE_UNAVAILABLE');
    for (const reply of cookieReplies) {
      expect(reply.status).toBe(503);
      expect(reply.contentType).toMatch(/^application\/problem\+json/);
      expect(reply.body.code).toBe('DATABASE_UNAVAILABLE');
    }

    // Ledger: every acknowledged write is there with the acknowledged values (or a later version).
    expect(check.acknowledged).toBeGreaterThan(50);
    expect(check.problems).toEqual([]);
    expect(check.missing).toBe(0);

    // Keyed creates retried after the restart: one row per key; a first answer that arrived is replayed as is.
    expect(rowsPerKey.map((r) => r.rows)).toEqual(keyed.map(() => 1));
    keyed.forEach((create, i) => {
      const replies = retries[i]!;
      for (const reply of replies) expect(reply.status).toBe(201);
      expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
      expect(replies.slice(1).every((r) => r.replayed)).toBe(true);
      if (create.first.status === 201) {
        expect(replies[0]!.replayed).toBe(true);
        expect(replies[0]!.body.id).toBe(create.first.body.id);
      }
    });
    // Refused during the outage means rolled back: the first retry ran anew.
    for (const create of refused) expect(retries[keyed.indexOf(create)]![0]!.replayed).toBe(false);
  });
});
