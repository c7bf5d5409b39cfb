#!/usr/bin/env node
// `npm run bench:curve`: how the board read (GET /api/v1/boards/{id}) grows with the number of tickets, from 1,000
// to 50,000 in ONE workspace, through the production server on PostgreSQL, plus the same read's raw SQL (the
// app's four statements under RLS, bench/lib/board-sql.mjs) to show how much of it is the database.
//
// Two series, measured at every size:
//   large board — every added ticket lands on the board being read (5 columns, spread evenly). This is the
//                 meaningful measure: the board read counts the tickets of each of its columns and reads the
//                 first page of each, so its cost can only grow with the tickets of that board.
//   1k board    — a board of 1,000 tickets in the same workspace, read while the large board grows. It shows
//                 that tickets elsewhere in the workspace cost a board nothing (the reads are index ranges
//                 scoped by board and column, not by workspace); if it grew, an index would be missing.
// Tickets are bulk-inserted in one transaction per step exactly as the server writes: the runtime role switched to
// the app role with the tenant set (the tenant policies and grants apply), with one CREATE audit row per ticket, as
// the API would write; then ANALYZE, as autovacuum would on a real database.
//
//   node bench/curve.mjs [--sizes 1000,5000,10000,25000,50000] [--requests 100] [--sql 60] [--pg-port N] [--quick]
//   --quick: sizes 1000,5000 and 20 requests (a smoke run). Needs `npm run build` first. Loopback only.
// Output: a table and bench/results/curve.json ({ suite, finishedAt, commit, scale, figures, ok, points, rss }).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateNKeysBetween } from 'fractional-indexing';
import pg from 'pg';
import { boardReadTx } from './lib/board-sql.mjs';
import { HttpClient } from './lib/http.mjs';
import { runFixed } from './lib/load.mjs';
import { runMain, runOrThrow } from './lib/procs.mjs';
import { gitCommit, root, rssMiB, sleep, startPostgres, startServer } from './report/servers.mjs';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string' },
    requests: { type: 'string' },
    sql: { type: 'string' },
    'pg-port': { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const SIZES = (args.sizes ?? (args.quick ? '1000,5000' : '1000,5000,10000,25000,50000')).split(',').map(Number);
const REQUESTS = Number(args.requests ?? (args.quick ? 20 : 100));
const SQL_READS = Number(args.sql ?? (args.quick ? 20 : 60));
const REFERENCE_TICKETS = 1000;
const COLUMNS = ['Backlog', 'To do', 'In progress', 'Review', 'Done'];
const started = performance.now();
const say = (/** @type {string} */ message) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);

/** @typedef {{ tenantId: string, boardId: string, actorId: string }} BoardRef */
/** @typedef {{ n: number, errors: number, p50Ms: number | null, p95Ms: number | null, meanMs: number | null }} Latency */

/**
 * Adds `count` tickets to a board, round-robin over its columns, each after the column's current last card.
 * @param {pg.Pool} writer
 * @param {BoardRef} board
 * @param {number} count
 */
async function bulkInsert(writer, { tenantId, boardId, actorId }, count) {
  const client = await writer.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('role', 'tika_app', true), set_config('app.tenant_id', $1, true)`, [
      tenantId,
    ]);
    /** @type {pg.QueryResult<{ id: string, last: string | null }>} */
    const { rows: columns } = await client.query(
      `select c.id, (select max(t.position) from tickets t where t.column_id = c.id) as last from columns c where c.board_id = $1 order by c.position, c.id`,
      [boardId],
    );
    /** @type {string[]} */
    const columnIds = [];
    /** @type {string[]} */
    const positions = [];
    columns.forEach((column, index) => {
      const share = Math.floor(count / columns.length) + (index < count % columns.length ? 1 : 0);
      const keys = share ? generateNKeysBetween(column.last ?? null, null, share) : [];
      for (const key of keys) {
        columnIds.push(column.id);
        positions.push(key);
      }
    });
    const priorities = ['none', 'low', 'medium', 'high', 'urgent'];
    await client.query(
      `with inserted as (
         insert into tickets (tenant_id, board_id, column_id, title, description, priority, labels, position, created_by)
         select $1::uuid, $2::uuid, u.column_id, 'Curve ticket ' || u.i, 'Seeded by bench/curve.mjs, row ' || u.i,
                ($5::text[])[1 + u.i % 5], array['curve', 'batch'], u.position, $6
           from unnest($3::uuid[], $4::text[]) with ordinality as u(column_id, position, i)
         returning *)
       insert into audit_logs (tenant_id, actor_type, actor_id, action, resource_type, resource_id, changes)
       select tenant_id, 'user', $6, 'CREATE', 'ticket', id::text,
              jsonb_build_object('before', null, 'after', jsonb_build_object(
                'id', id, 'boardId', board_id, 'columnId', column_id, 'title', title, 'priority', priority,
                'assigneeId', assignee_id, 'labels', to_jsonb(labels), 'dueDate', due_date, 'position', position,
                'version', version, 'archivedAt', archived_at, 'description', description, 'createdBy', created_by))
         from inserted`,
      [tenantId, boardId, columnIds, positions, priorities, actorId],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * @param {HttpClient} http
 * @param {string} boardId
 */
async function httpReads(http, boardId) {
  const op = async () => ({ status: (await http.request('GET', `/api/v1/boards/${boardId}`)).status });
  await runFixed({ clients: 1, perClient: 10, op, maxSeconds: 20 });
  return runFixed({ clients: 1, perClient: REQUESTS, op, maxSeconds: 120 });
}

/**
 * @param {pg.Pool} pool
 * @param {import('./lib/board-sql.mjs').BoardReadArgs} read
 */
async function sqlReads(pool, read) {
  const op = async () => (await boardReadTx(pool, 'rls', read), { status: 200 });
  await runFixed({ clients: 1, perClient: 5, op, maxSeconds: 10 });
  return runFixed({ clients: 1, perClient: SQL_READS, op, maxSeconds: 60 });
}

/** @param {number | null | undefined} x */
const round = (x, digits = 2) => (x === null || x === undefined || Number.isNaN(x) ? null : Number(x.toFixed(digits)));
/**
 * @param {import('./lib/load.mjs').Summary} s
 * @returns {Latency}
 */
const latency = (s) => ({
  n: s.n,
  errors: s.errors,
  p50Ms: round(s.p50Ms),
  p95Ms: round(s.p95Ms),
  meanMs: round(s.meanMs),
});

async function main() {
  const db = await startPostgres({ port: args['pg-port'] ? Number(args['pg-port']) : undefined });
  say(`PostgreSQL on 127.0.0.1:${db.port}, migrated`);
  const server = await startServer({ runtimeUrl: db.runtimeUrl });
  await sleep(2000);
  /** @type {{ idleAfterStartMiB: number | null, afterLoadMiB?: number | null }} */
  const rss = { idleAfterStartMiB: rssMiB(server.child.pid) };
  say(`Server ready on ${server.base} (RSS ${rss.idleAfterStartMiB} MiB idle)`);

  // A workspace with two boards through the public API (the seed's board is the large one).
  const { stdout } = await runOrThrow(
    process.execPath,
    [path.join(root, 'scripts', 'seed.mjs'), '--json', '--tickets', '0', '--url', server.base, '--board', 'Large'],
    { cwd: root, timeoutMs: 60_000 },
  );
  /** @type {{ token: string, boardId: string }} */
  const seeded = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
  const http = new HttpClient(server.base, { token: seeded.token });
  /** @type {{ id: string }} the created board */
  const reference = await http.call('POST', '/api/v1/boards', { name: 'Reference (1k)', columns: COLUMNS });

  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  /** @type {pg.QueryResult<{ tenant_id: string, owner: string }>} */
  const { rows } = await admin.query(
    `select tenant_id, (select user_id from memberships m where m.tenant_id = b.tenant_id and role = 'owner' limit 1) as owner from boards b where id = $1`,
    [seeded.boardId],
  );
  const [board] = rows;
  if (!board) throw new Error(`the seeded board ${seeded.boardId} is not in the database`);
  const tenantId = board.tenant_id;
  const actorId = board.owner;
  admin.on('error', () => undefined);
  const runtime = new pg.Pool({ connectionString: db.runtimeUrl, max: 1 });
  runtime.on('error', () => undefined);

  const large = { tenantId, boardId: seeded.boardId, actorId };
  const small = { tenantId, boardId: reference.id, actorId };
  await bulkInsert(runtime, small, REFERENCE_TICKETS);

  /** @typedef {{ boardTickets: number, workspaceTickets: number, seedSeconds: number | null, payloadBytes: number,
   *   cardsShown: number, http: Latency, sql: Latency, reference: { http: Latency, sql: Latency },
   *   serverRssMiB: number | null }} Point */
  /** @type {Point[]} */
  const points = [];
  let onLarge = 0;
  try {
    for (const size of SIZES) {
      const t0 = performance.now();
      await bulkInsert(runtime, large, size - onLarge);
      onLarge = size;
      const seedSeconds = (performance.now() - t0) / 1000;
      await admin.query('analyze tickets, columns, boards');
      /** @type {pg.QueryResult<{ board_id: string, n: number }>} */
      const counted = await admin.query(
        `select board_id, count(*)::int as n from tickets where tenant_id = $1 group by board_id`,
        [tenantId],
      );
      const perBoard = Object.fromEntries(counted.rows.map((r) => [r.board_id, r.n]));
      if (perBoard[large.boardId] !== size || perBoard[small.boardId] !== REFERENCE_TICKETS)
        throw new Error(`unexpected ticket counts: ${JSON.stringify(perBoard)}`);
      /** @type {pg.QueryResult<{ n: number }>} */
      const auditCount = await admin.query(
        `select count(*)::int as n from audit_logs where tenant_id = $1 and resource_type = 'ticket'`,
        [tenantId],
      );
      const audited = auditCount.rows[0]?.n;
      if (audited !== size + REFERENCE_TICKETS)
        throw new Error(`expected ${size + REFERENCE_TICKETS} ticket audit rows, found ${audited}`);

      /** @type {import('./lib/http.mjs').HttpAnswer<{ columns: { tickets: unknown[], ticketCount: number }[] }>} */
      const view = await http.request('GET', `/api/v1/boards/${large.boardId}`, { json: true });
      if (view.status !== 200) throw new Error(`GET large board → ${view.status}`);
      const boardView = view.body;
      const shown = boardView.columns.reduce((a, c) => a + c.tickets.length, 0);
      const counts = boardView.columns.reduce((a, c) => a + c.ticketCount, 0);
      if (counts !== size) throw new Error(`the board view counts ${counts} tickets, expected ${size}`);

      const largeHttp = await httpReads(http, large.boardId);
      const smallHttp = await httpReads(http, small.boardId);
      const largeSql = await sqlReads(runtime, { tenantId, boardId: large.boardId, perColumn: 50 });
      const smallSql = await sqlReads(runtime, { tenantId, boardId: small.boardId, perColumn: 50 });
      const point = {
        boardTickets: size,
        workspaceTickets: size + REFERENCE_TICKETS,
        seedSeconds: round(seedSeconds),
        payloadBytes: view.bytes,
        cardsShown: shown,
        http: latency(largeHttp),
        sql: latency(largeSql),
        reference: { http: latency(smallHttp), sql: latency(smallSql) },
        serverRssMiB: rssMiB(server.child.pid),
      };
      points.push(point);
      say(
        `${String(size).padStart(6)} tickets (seeded in ${point.seedSeconds} s): GET board p50 ${point.http.p50Ms} / p95 ${point.http.p95Ms} ms, SQL p50 ${point.sql.p50Ms} / p95 ${point.sql.p95Ms} ms; ` +
          `1k board p50 ${point.reference.http.p50Ms} / p95 ${point.reference.http.p95Ms} ms; ${view.bytes} bytes`,
      );
    }
  } finally {
    http.close();
    await Promise.all([runtime.end(), admin.end()]);
  }
  rss.afterLoadMiB = rssMiB(server.child.pid);

  const errors = points.reduce((a, p) => a + p.http.errors + p.reference.http.errors, 0);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) throw new Error('no size was measured (--sizes is empty)');
  const summary = {
    suite: 'curve',
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    scale: args.quick ? 'short' : 'full',
    ok: errors === 0,
    environment: { node: process.version, cpus: os.cpus().length, loadAvg: os.loadavg().map((x) => round(x)) },
    settings: {
      sizes: SIZES,
      requestsPerPoint: REQUESTS,
      sqlReadsPerPoint: SQL_READS,
      clients: 1,
      perColumn: 50,
      columns: COLUMNS.length,
      referenceTickets: REFERENCE_TICKETS,
    },
    figures: {
      [`GET board p95 at ${first.boardTickets} tickets (ms)`]: first.http.p95Ms,
      [`GET board p95 at ${last.boardTickets} tickets (ms)`]: last.http.p95Ms,
      // A missing p95 (null) divides as 0, as it always has.
      'p95 growth factor (last / first)': round(Number(last.http.p95Ms) / Number(first.http.p95Ms)),
      [`1k board p95 with ${last.workspaceTickets} tickets in the workspace (ms)`]: last.reference.http.p95Ms,
      'non-2xx answers': errors,
    },
    points,
    rss,
    elapsedSeconds: round((performance.now() - started) / 1000, 1),
  };
  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'curve.json'), `${JSON.stringify(summary, null, 2)}\n`);

  console.log(
    `\n| board tickets | workspace tickets | GET board p50 / p95 (ms) | SQL p50 / p95 (ms) | 1k board GET p50 / p95 (ms) | payload (bytes) |`,
  );
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const p of points) {
    console.log(
      `| ${p.boardTickets} | ${p.workspaceTickets} | ${p.http.p50Ms} / ${p.http.p95Ms} | ${p.sql.p50Ms} / ${p.sql.p95Ms} | ${p.reference.http.p50Ms} / ${p.reference.http.p95Ms} | ${p.payloadBytes} |`,
    );
  }
  console.log(
    `\nServer RSS: ${rss.idleAfterStartMiB} MiB idle after start, ${rss.afterLoadMiB} MiB after the curve. Written bench/results/curve.json (${summary.elapsedSeconds} s)`,
  );
  if (!summary.ok) process.exitCode = 1;
}

runMain('bench:curve', main);
