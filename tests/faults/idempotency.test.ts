import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProblem, newBoard, newWorkspace, send, type Board, type Caller, type Reply } from '../support/faults-api';
import {
  faultAppEnv,
  recordFaults,
  scale,
  startFaultPostgres,
  superQuery,
  type FaultPostgres,
} from '../support/faults-env';
import { startApp, waitFor, type App } from '../support/procs';

// Retried POSTs with the same Idempotency-Key create nothing twice: each create fired 2-5 times, one after
// another and all at once, for tickets, comments and boards (a multi-row create); the same key with another
// body is refused (422 IDEMPOTENCY_KEY_REUSED); a first attempt that failed (rolled back) leaves the key free, so
// the retry runs anew. Rows are counted in PostgreSQL afterwards: exactly one per key.
// Retries across a database restart and across kill -9 of the app are in pg-restart and kill-9.

const KEYS_PER_MODE = scale === 'full' ? 40 : 10;

let db: FaultPostgres;
let app: App;
let caller: Caller;
let board: Board;
let ticketId: string;

beforeAll(async () => {
  db = await startFaultPostgres('idempotency');
  app = await startApp(faultAppEnv(db));
  await waitFor('readiness', async () => (await fetch(`${app.url}/api/health/ready`)).status === 200, 30_000, 200);
  caller = (await newWorkspace(app.url)).caller;
  board = await newBoard(caller, 'idempotency');
  ticketId = (
    await send(caller, 'POST', '/api/v1/tickets', { body: { columnId: board.columnIds[0], title: 'comment target' } })
  ).body.id;
});

afterAll(async () => {
  await app?.stop('SIGKILL');
  await db?.destroy();
});

interface Target {
  path: string;
  body: (marker: string) => Record<string, unknown>;
  /** Rows holding `marker`, counted as the superuser. */
  count: string;
}

const targets: Record<string, () => Target> = {
  ticket: () => ({
    path: '/api/v1/tickets',
    body: (m) => ({ columnId: board.columnIds[1], title: m }),
    count: 'select count(*)::int as n from tickets where title = $1',
  }),
  comment: () => ({
    path: `/api/v1/tickets/${ticketId}/comments`,
    body: (m) => ({ body: m }),
    count: 'select count(*)::int as n from comments where body = $1',
  }),
  board: () => ({
    path: '/api/v1/boards',
    body: (m) => ({ name: m, columns: ['a', 'b', 'c', 'd', 'e'] }),
    count: 'select count(*)::int as n from boards where name = $1',
  }),
};

const rows = async (target: Target, marker: string) =>
  (await superQuery<{ n: number }>(db, target.count, [marker]))[0]!.n;

interface Outcome {
  keys: number;
  attempts: number;
  replayed: number;
  keysWithOneRow: number;
  duplicates: number;
}

async function fireRepeatedly(
  kind: string,
  mode: 'sequential' | 'concurrent',
): Promise<{ outcome: Outcome; answers: Reply[][] }> {
  const target = targets[kind]!();
  const outcome: Outcome = { keys: 0, attempts: 0, replayed: 0, keysWithOneRow: 0, duplicates: 0 };
  const answers: Reply[][] = [];
  for (let i = 0; i < KEYS_PER_MODE; i++) {
    const key = randomUUID();
    const marker = `${kind} ${mode} ${key}`;
    const times = 2 + (i % 4); // 2..5
    const fire = () => send(caller, 'POST', target.path, { body: target.body(marker), idempotencyKey: key });
    let replies: Reply[];
    if (mode === 'concurrent') replies = await Promise.all(Array.from({ length: times }, fire));
    else {
      replies = [];
      for (let t = 0; t < times; t++) replies.push(await fire());
    }
    const n = await rows(target, marker);
    outcome.keys++;
    outcome.attempts += times;
    outcome.replayed += replies.filter((r) => r.replayed).length;
    if (n === 1) outcome.keysWithOneRow++;
    outcome.duplicates += Math.max(0, n - 1);
    answers.push(replies);
  }
  return { outcome, answers };
}

const figures: Record<string, unknown> = {};
let allOk = true;

afterAll(async () => {
  await recordFaults('idempotency', figures, allOk && Object.keys(figures).length > 0);
  console.log(`[faults] idempotency: ${JSON.stringify(figures)}`);
});

describe('Idempotency-Key on retried POSTs', () => {
  for (const kind of Object.keys(targets)) {
    for (const mode of ['sequential', 'concurrent'] as const) {
      it(`${kind} create fired 2-5 times ${mode === 'sequential' ? 'one after another' : 'at once'}: one row per key, the rest replays`, async () => {
        const { outcome, answers } = await fireRepeatedly(kind, mode);
        figures[`${kind}.${mode}`] = outcome;
        allOk &&= outcome.duplicates === 0 && outcome.keysWithOneRow === outcome.keys;
        expect(outcome.duplicates).toBe(0);
        expect(outcome.keysWithOneRow).toBe(outcome.keys);
        for (const replies of answers) {
          // A concurrent duplicate waits for the first and replays its answer: all 201, one id, one original.
          expect(replies.map((r) => r.status)).toEqual(replies.map(() => 201));
          expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
          expect(replies.filter((r) => !r.replayed)).toHaveLength(1);
          if (mode === 'sequential') expect(replies[0]!.replayed).toBe(false);
          // The replay is the stored answer byte for byte.
          expect(new Set(replies.map((r) => JSON.stringify(r.body))).size).toBe(1);
        }
      });
    }
  }

  it('refuses the same key with another body (422 IDEMPOTENCY_KEY_REUSED) and creates nothing for it', async () => {
    const key = randomUUID();
    const target = targets.ticket!();
    const first = await send(caller, 'POST', target.path, { body: target.body(`reuse a ${key}`), idempotencyKey: key });
    const reused = await send(caller, 'POST', target.path, {
      body: target.body(`reuse b ${key}`),
      idempotencyKey: key,
    });
    expect(first.status).toBe(201);
    expect(reused.status).toBe(422);
    expect(isProblem(reused)).toBe(true);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await rows(target, `reuse a ${key}`)).toBe(1);
    expect(await rows(target, `reuse b ${key}`)).toBe(0);
    figures.reuseRefused = true;
  });

  it('runs a retry anew when the first attempt failed and rolled back', async () => {
    // A column at its WIP limit refuses the create (409); with the limit lifted, the same key creates once.
    const column = (
      await send(caller, 'POST', `/api/v1/boards/${board.id}/columns`, { body: { name: 'full', wipLimit: 1 } })
    ).body;
    expect(
      (await send(caller, 'POST', '/api/v1/tickets', { body: { columnId: column.id, title: 'fills the column' } }))
        .status,
    ).toBe(201);
    const key = randomUUID();
    const body = { columnId: column.id, title: `after a failure ${key}` };
    const refused = await send(caller, 'POST', '/api/v1/tickets', { body, idempotencyKey: key });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('WIP_LIMIT_EXCEEDED');
    expect((await send(caller, 'PATCH', `/api/v1/columns/${column.id}`, { body: { wipLimit: null } })).status).toBe(
      200,
    );
    const retried = await send(caller, 'POST', '/api/v1/tickets', { body, idempotencyKey: key });
    const again = await send(caller, 'POST', '/api/v1/tickets', { body, idempotencyKey: key });
    expect([retried.status, retried.replayed]).toEqual([201, false]);
    expect([again.status, again.replayed, again.body.id]).toEqual([201, true, retried.body.id]);
    expect(await rows(targets.ticket!(), body.title)).toBe(1);
    figures.failedFirstRunsAnew = true;
  });
});
