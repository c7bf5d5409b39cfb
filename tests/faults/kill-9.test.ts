import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBoard, newWorkspace, pick, send, type Board, type Caller, type Reply } from '../support/faults-api';
import {
  faultAppEnv,
  recordFaults,
  sizes,
  startFaultPostgres,
  superQuery,
  type FaultPostgres,
} from '../support/faults-env';
import { checkInvariants, type InvariantReport } from '../support/faults-invariants';
import { checkLedger, newLedger, ticketValues, type Ledger } from '../support/faults-ledger';
import { sleep, startApp, waitFor, type App } from '../support/procs';

// kill -9 of the app with many multi-row writes in flight (ticket create: ticket + audit + NOTIFY + idempotency
// answer; moves and edits: ticket + audit + NOTIFY; board create: board + 12 columns + audit; comments; and the
// widest write there is, deleting a board with all its tickets), then a restart on the same database: no partial
// write anywhere (faults-invariants), each in-flight write either fully committed or fully rolled back, keyed
// creates retried after the restart replay exactly when they had committed, and the ledger of acknowledged writes
// holds. Rounds: 1 (short) or 3 (TIKA_FAULTS_SCALE=full).

let db: FaultPostgres;
let app: App;
const callers: Caller[] = [];
const ledger: Ledger = newLedger();

beforeAll(async () => {
  db = await startFaultPostgres('kill');
  app = await startNewApp();
  for (let i = 0; i < 2; i++) callers.push((await newWorkspace(app.url)).caller);
});

afterAll(async () => {
  await app?.stop('SIGKILL');
  await db?.destroy();
});

async function startNewApp(): Promise<App> {
  const started = await startApp(faultAppEnv(db));
  await waitFor('readiness', async () => (await fetch(`${started.url}/api/health/ready`)).status === 200, 30_000, 200);
  return started;
}

// Callers hold the base URL: a restarted app listens on a new port.
const at = (caller: Caller): Caller => ({ ...caller, base: app.url });

interface InFlight {
  kind: 'ticket.create' | 'ticket.update' | 'ticket.move' | 'comment.create' | 'board.create' | 'board.delete';
  caller: Caller;
  path: string;
  body?: Record<string, unknown>;
  key?: string;
  /** How to tell afterwards whether it committed. */
  marker: {
    title?: string;
    ticketId?: string;
    fromVersion?: number;
    body?: string;
    boardName?: string;
    boardId?: string;
  };
}

interface Owned {
  id: string;
  version: number;
  busy: boolean;
}

async function inBatches<T>(count: number, size: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size)
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, j) => work(i + j)))));
  return out;
}

async function createTicket(caller: Caller, columnId: string, record: boolean): Promise<Owned> {
  const reply = await send(caller, 'POST', '/api/v1/tickets', { body: { columnId, title: `seed ${randomUUID()}` } });
  if (reply.status !== 201) throw new Error(`seed failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  if (record) ledger.acks.push({ kind: 'ticket.create', ticket: ticketValues(reply.body) });
  return { id: reply.body.id, version: reply.body.version, busy: false };
}

/** Did this in-flight write commit? Read from PostgreSQL after the app is gone. */
async function committed(op: InFlight): Promise<boolean> {
  const one = async (query: string, value: unknown) => (await superQuery(db, query, [value])).length > 0;
  switch (op.kind) {
    case 'ticket.create':
      return one('select 1 from tickets where title = $1', op.marker.title);
    case 'ticket.update':
    case 'ticket.move':
      return (
        (
          await superQuery<{ version: number }>(db, 'select version from tickets where id = $1', [op.marker.ticketId])
        )[0]!.version > op.marker.fromVersion!
      );
    case 'comment.create':
      return one('select 1 from comments where body = $1', op.marker.body);
    case 'board.create':
      return one('select 1 from boards where name = $1', op.marker.boardName);
    case 'board.delete':
      return !(await one('select 1 from boards where id = $1', op.marker.boardId));
  }
}

interface RoundFigures {
  acknowledgedDuringBurst: number;
  inFlightAtKill: number;
  inFlightByKind: Record<string, number>;
  committed: number;
  rolledBack: number;
  bigBoardDeletes: { committed: number; rolledBack: number; ticketsEach: number };
  keyedRetries: {
    keys: number;
    replayed: number;
    ranAnew: number;
    replayMatchesCommit: number;
    keysWithOneRow: number;
  };
  invariants: InvariantReport;
  restartToReadyS: number;
}

async function round(n: number): Promise<{ figures: RoundFigures; retryProblems: string[] }> {
  // Two boards per workspace for the burst, and two wide boards to delete at the moment of the kill.
  const boards: { caller: Caller; board: Board }[] = [];
  for (const caller of callers)
    for (let b = 0; b < 2; b++)
      boards.push({ caller: at(caller), board: await newBoard(at(caller), `kill ${n}.${b}`) });
  const wide = await Promise.all(callers.map((caller) => newBoard(at(caller), `wide ${n} ${randomUUID()}`)));
  await Promise.all(
    wide.map((board, i) =>
      inBatches(sizes.bigBoardTickets, 8, () => createTicket(at(callers[i]!), pick(board.columnIds), false)),
    ),
  );

  // Each slot owns a board share and its tickets: its writes never race each other.
  const slots = await inBatches(sizes.killConcurrency, 8, async (i) => {
    const { caller, board } = boards[i % boards.length]!;
    return {
      caller,
      board,
      owned: [
        await createTicket(caller, pick(board.columnIds), true),
        await createTicket(caller, pick(board.columnIds), true),
      ],
    };
  });

  const pending = new Set<InFlight>();
  let killed = false;
  let acknowledgedDuringBurst = 0;
  const fire = async (op: InFlight): Promise<Reply> => {
    pending.add(op);
    const reply = await send(
      op.caller,
      op.kind === 'ticket.update' ? 'PATCH' : op.kind === 'board.delete' ? 'DELETE' : 'POST',
      op.path,
      { body: op.body, idempotencyKey: op.key },
    );
    if (!killed) pending.delete(op);
    if (!killed && reply.status >= 200 && reply.status < 300) acknowledgedDuringBurst++;
    if (reply.status < 200 || reply.status >= 300) ledger.failed++;
    return reply;
  };

  async function slotLoop(slot: (typeof slots)[number]) {
    const { caller, board, owned } = slot;
    while (!killed) {
      const roll = Math.random();
      const ticket = owned.find((t) => !t.busy && Math.random() < 0.5) ?? owned.find((t) => !t.busy);
      if (roll < 0.35 || !ticket) {
        const key = randomUUID();
        const title = `burst ${key}`;
        const reply = await fire({
          kind: 'ticket.create',
          caller,
          path: '/api/v1/tickets',
          key,
          body: { columnId: pick(board.columnIds), title },
          marker: { title },
        });
        if (reply.status === 201) {
          ledger.acks.push({ kind: 'ticket.create', ticket: ticketValues(reply.body) });
          owned.push({ id: reply.body.id, version: reply.body.version, busy: false });
        }
      } else if (roll < 0.55 || roll >= 0.9) {
        const move = roll < 0.55;
        const op: InFlight = move
          ? {
              kind: 'ticket.move',
              caller,
              path: `/api/v1/tickets/${ticket.id}/move`,
              body: { version: ticket.version, columnId: pick(board.columnIds) },
              marker: { ticketId: ticket.id, fromVersion: ticket.version },
            }
          : {
              kind: 'ticket.update',
              caller,
              path: `/api/v1/tickets/${ticket.id}`,
              body: { version: ticket.version, title: `edit ${randomUUID()}`, priority: pick(['low', 'high']) },
              marker: { ticketId: ticket.id, fromVersion: ticket.version },
            };
        const reply = await fire(op);
        if (reply.status === 200) {
          ticket.version = reply.body.version;
          ledger.acks.push({ kind: op.kind as 'ticket.move' | 'ticket.update', ticket: ticketValues(reply.body) });
        } else ticket.busy = true; // outcome unknown: leave it alone
      } else if (roll < 0.7) {
        const body = `burst comment ${randomUUID()}`;
        const reply = await fire({
          kind: 'comment.create',
          caller,
          path: `/api/v1/tickets/${ticket.id}/comments`,
          body: { body },
          marker: { body },
        });
        if (reply.status === 201)
          ledger.acks.push({ kind: 'comment.create', commentId: reply.body.id, ticketId: ticket.id, body });
      } else {
        const key = randomUUID();
        const name = `burst board ${key}`;
        const columns = Array.from({ length: 12 }, (_, c) => `c${c}`);
        const reply = await fire({
          kind: 'board.create',
          caller,
          path: '/api/v1/boards',
          key,
          body: { name, columns },
          marker: { boardName: name },
        });
        if (reply.status === 201) ledger.acks.push({ kind: 'board.create', boardId: reply.body.id, columnCount: 12 });
      }
    }
  }

  const loops = slots.map(slotLoop);
  await sleep(n === 1 ? 1500 : 1000 + 700 * n);
  const deletes = wide.map((board, i) =>
    fire({
      kind: 'board.delete',
      caller: at(callers[i]!),
      path: `/api/v1/boards/${board.id}`,
      marker: { boardId: board.id },
    }),
  );
  await sleep(5 + 10 * n);
  killed = true;
  const inFlight = [...pending];
  app.proc.kill('SIGKILL');
  await app.exited;
  await Promise.all(loops);
  (await Promise.all(deletes)).forEach(
    (reply, i) => reply.status === 204 && ledger.acks.push({ kind: 'board.delete', boardId: wide[i]!.id }),
  );
  // The database notices the dead connections and rolls their transactions back: wait until none is left.
  await waitFor(
    'the killed app’s sessions to end',
    async () =>
      (
        await superQuery<{ n: number }>(
          db,
          "select count(*)::int as n from pg_stat_activity where usename = 'tika_runtime'",
        )
      )[0]!.n === 0,
    20_000,
    100,
  );

  const outcomes = await Promise.all(inFlight.map(committed));
  const invariants = await checkInvariants(db);

  const restartAt = Date.now();
  app = await startNewApp();
  const restartToReadyS = (Date.now() - restartAt) / 1000;

  // Keyed creates that were in flight, retried with their key: replayed exactly when they had committed.
  const keyed = inFlight.map((op, i) => ({ op, wasCommitted: outcomes[i]! })).filter(({ op }) => op.key);
  const retryProblems: string[] = [];
  let replayed = 0;
  let replayMatchesCommit = 0;
  let keysWithOneRow = 0;
  for (const { op, wasCommitted } of keyed) {
    const reply = await send(at(op.caller), 'POST', op.path, { body: op.body, idempotencyKey: op.key });
    if (reply.status !== 201) retryProblems.push(`${op.kind} retry: ${reply.status} ${JSON.stringify(reply.body)}`);
    if (reply.replayed) replayed++;
    if (reply.replayed === wasCommitted) replayMatchesCommit++;
    else retryProblems.push(`${op.kind} ${op.key}: committed=${wasCommitted} but replayed=${reply.replayed}`);
    const rows =
      op.kind === 'ticket.create'
        ? await superQuery(db, 'select 1 from tickets where title = $1', [op.marker.title])
        : await superQuery(db, 'select 1 from boards where name = $1', [op.marker.boardName]);
    if (rows.length === 1) keysWithOneRow++;
    else retryProblems.push(`${op.kind} ${op.key}: ${rows.length} rows`);
    if (reply.status === 201 && op.kind === 'ticket.create')
      ledger.acks.push({ kind: 'ticket.create', ticket: ticketValues(reply.body) });
    if (reply.status === 201 && op.kind === 'board.create')
      ledger.acks.push({ kind: 'board.create', boardId: reply.body.id, columnCount: 12 });
  }

  const inFlightByKind: Record<string, number> = {};
  for (const op of inFlight) inFlightByKind[op.kind] = (inFlightByKind[op.kind] ?? 0) + 1;
  const deleteOutcomes = inFlight
    .map((op, i) => ({ op, c: outcomes[i]! }))
    .filter(({ op }) => op.kind === 'board.delete');
  const deletedBeforeKill = wide.length - deleteOutcomes.length; // answered before the kill
  return {
    retryProblems,
    figures: {
      acknowledgedDuringBurst,
      inFlightAtKill: inFlight.length,
      inFlightByKind,
      committed: outcomes.filter(Boolean).length,
      rolledBack: outcomes.filter((c) => !c).length,
      bigBoardDeletes: {
        committed: deletedBeforeKill + deleteOutcomes.filter(({ c }) => c).length,
        rolledBack: deleteOutcomes.filter(({ c }) => !c).length,
        ticketsEach: sizes.bigBoardTickets,
      },
      keyedRetries: {
        keys: keyed.length,
        replayed,
        ranAnew: keyed.length - replayed,
        replayMatchesCommit,
        keysWithOneRow,
      },
      invariants,
      restartToReadyS,
    },
  };
}

describe('kill -9 of the app mid-request', () => {
  it('leaves no partial write: every in-flight write committed whole or not at all, and acknowledged writes hold', async () => {
    const rounds: RoundFigures[] = [];
    const problems: string[] = [];
    for (let n = 1; n <= sizes.killRounds; n++) {
      const { figures, retryProblems } = await round(n);
      rounds.push(figures);
      problems.push(...retryProblems);
    }
    const check = await checkLedger(db, ledger);
    const total = (pick: (r: RoundFigures) => number) => rounds.reduce((sum, r) => sum + pick(r), 0);
    const figures = {
      rounds: rounds.length,
      inFlightAtKill: total((r) => r.inFlightAtKill),
      committed: total((r) => r.committed),
      rolledBack: total((r) => r.rolledBack),
      invariantViolations: total((r) => Object.keys(r.invariants.violations).length),
      ledger: {
        acknowledged: check.acknowledged,
        failed: check.failed,
        verified: check.verified,
        missing: check.missing,
        rowMismatches: check.rowMismatches,
        supersededByUnacknowledged: check.supersededByUnacknowledged,
      },
      perRound: rounds,
    };
    const ok =
      figures.invariantViolations === 0 &&
      check.missing === 0 &&
      check.rowMismatches === 0 &&
      problems.length === 0 &&
      figures.inFlightAtKill > 0;
    await recordFaults('kill9', figures, ok);
    console.log(`[faults] kill -9: ${JSON.stringify(figures)}`);

    for (const r of rounds) {
      expect(r.inFlightAtKill).toBeGreaterThan(0);
      expect(r.invariants.violations).toEqual({});
    }
    expect(problems).toEqual([]);
    expect(check.problems).toEqual([]);
    expect(check.missing).toBe(0);
    expect(check.acknowledged).toBeGreaterThan(50);
    // The app serves again on the same database.
    expect((await send(at(callers[0]!), 'GET', '/api/v1/boards')).status).toBe(200);
  });

  it('would notice a partial write: a ticket planted without its audit row, on a taken position, is reported', async () => {
    const [planted] = await superQuery<{ id: string }>(
      db,
      "insert into tickets (tenant_id, board_id, column_id, title, position) select tenant_id, board_id, column_id, 'planted', position from tickets limit 1 returning id::text",
    );
    try {
      const { violations } = await checkInvariants(db);
      expect(violations.ticketsWithoutCreateAudit).toEqual([planted!.id]);
      expect(violations.duplicatePositions).toHaveLength(1);
    } finally {
      await superQuery(db, 'delete from tickets where id = $1', [planted!.id]);
    }
    expect((await checkInvariants(db)).violations).toEqual({});
  });
});
