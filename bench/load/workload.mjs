// The mixed workload, driven OPEN-LOOP at a constant arrival rate (bench/lib/open-loop.mjs): request i is due at
// start + i / rate whatever the server does, so a slow answer never delays the next arrival, and latency counts
// from the due time (no coordinated omission). Before, autocannon (closed-loop) paced connections that waited for
// their answers: a server that slowed down also slowed the load down and the queue it built was invisible.
//
// Mix per request (seeded PRNG, reproducible): 70% board reads, 10% ticket edits (PATCH), 10% moves to another
// column, 10% creates — spread evenly over the workspaces. Edits and moves send the version the client last saw.
// Two in-flight writes can pick the same ticket: the second then gets 409 VERSION_CONFLICT — optimistic
// concurrency doing its job, as it would for two people editing one ticket — which we count as `conflicts`, not
// errors, and adopt the currentVersion the problem carries. `only` restricts the mix to one kind (CPU per kind).
import { runOpenLoop } from '../lib/open-loop.mjs';
import { ticketBody } from './seed.mjs';

/** @typedef {import('./seed.mjs').SeededWorkspace} SeededWorkspace */
/** @typedef {import('./seed.mjs').TicketRef} TicketRef */
/** @typedef {'read' | 'update' | 'move' | 'create'} Kind */
/**
 * One operation of the mix (`body` still an object; drive() serializes it).
 * @typedef {{ kind: Kind, ws: SeededWorkspace, token: string, ticket?: TicketRef, method: string, path: string,
 *   body?: object }} MixOp
 */
/**
 * What the workload reads of an answer's JSON: a ticket, or a problem (VERSION_CONFLICT carries currentVersion;
 * every problem its requestId).
 * @typedef {{ id?: string, version?: number, code?: string, detail?: unknown, currentVersion?: number,
 *   requestId?: string }} Answer
 */
/** @typedef {'ok' | 'conflict' | 'error'} Outcome */
/** @typedef {{ next: () => MixOp, settle: (op: MixOp, status: number, parsed: Answer | undefined) => Outcome }} Mix */
/** @typedef {{ name: string, url: string }} Target */
/**
 * One answer as drive() records it (a stats.mjs event, plus which app answered and its headers).
 * @typedef {import('./stats.mjs').RecordedEvent & { target: string,
 *   headers?: import('node:http').IncomingHttpHeaders, parsed?: Answer }} DriveEvent
 */

/** @type {[Kind, number][]} the kinds and their share of the mix */
const MIX = [
  ['read', 0.7],
  ['update', 0.1],
  ['move', 0.1],
  ['create', 0.1],
];
export const KINDS = MIX.map(([kind]) => kind);

/** @param {number} seed */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Workload state over the seeded workspaces; `next()` picks the next operation, `settle()` learns from its answer.
 * @param {SeededWorkspace[]} workspaces
 * @param {Kind | null} [only]
 * @returns {Mix}
 */
export function createMix(workspaces, seed = 7, only = null) {
  const random = mulberry32(seed);
  let serial = 0;
  /** @returns {Kind} */
  const pickKind = () => {
    if (only) return only;
    let r = random();
    for (const [kind, weight] of MIX) if ((r -= weight) < 0) return kind;
    return 'read';
  };
  return {
    next() {
      const n = serial++;
      const ws = /** @type {SeededWorkspace} */ (workspaces[n % workspaces.length]);
      const kind = pickKind();
      const token = /** @type {string} */ (ws.tokens[n % ws.tokens.length]);
      if (kind === 'read') return { kind, ws, token, method: 'GET', path: `/api/v1/boards/${ws.boardId}` };
      if (kind === 'create') {
        const body = ticketBody(100_000 + n, ws.columnIds[Math.floor(random() * ws.columnIds.length)]);
        return { kind, ws, token, method: 'POST', path: '/api/v1/tickets', body };
      }
      const ticket = /** @type {TicketRef} */ (ws.tickets[Math.floor(random() * ws.tickets.length)]);
      if (kind === 'update') {
        const body = {
          version: ticket.version,
          title: `Edited under load #${n}`,
          priority: ['low', 'medium', 'high'][n % 3],
        };
        return { kind, ws, token, ticket, method: 'PATCH', path: `/api/v1/tickets/${ticket.id}`, body };
      }
      const columnId = ws.columnIds[Math.floor(random() * ws.columnIds.length)];
      return {
        kind,
        ws,
        token,
        ticket,
        method: 'POST',
        path: `/api/v1/tickets/${ticket.id}/move`,
        body: { version: ticket.version, columnId },
      };
    },
    /** Returns 'ok', 'conflict' or 'error'. */
    settle(op, status, parsed) {
      if (status >= 200 && status < 300) {
        if (op.kind === 'create' && parsed?.id)
          op.ws.tickets.push({ id: parsed.id, version: /** @type {number} */ (parsed.version) });
        else if (op.ticket && parsed?.version) op.ticket.version = Math.max(op.ticket.version, parsed.version);
        return 'ok';
      }
      if (status === 409 && parsed?.code === 'VERSION_CONFLICT' && op.ticket) {
        if (typeof parsed.currentVersion === 'number' && Number.isInteger(parsed.currentVersion))
          op.ticket.version = parsed.currentVersion;
        return 'conflict';
      }
      return 'error';
    },
  };
}

/**
 * Runs the mix open-loop at `rate` req/s for `seconds` against `target` (an app). Every answer goes to
 * `record({ kind, outcome, status, ms, at, target, headers, parsed })`; a request with no HTTP answer (timeout,
 * refused or reset connection, or dropped by the generator) is recorded as kind 'transport'. Resolves the totals.
 * @param {{ target: Target, mix: Mix, rate: number, seconds: number, record: (event: DriveEvent) => void,
 *   started?: number, timeoutSeconds?: number }} options
 */
export async function drive({ target, mix, rate, seconds, record, started = performance.now(), timeoutSeconds = 10 }) {
  const offset = (performance.now() - started) / 1000;
  const run = await runOpenLoop({
    url: target.url,
    rate,
    seconds,
    timeoutMs: timeoutSeconds * 1000,
    next: () => {
      const op = mix.next();
      /** @type {Record<string, string>} */
      const headers = { accept: 'application/json', authorization: `Bearer ${op.token}` };
      if (op.body) headers['content-type'] = 'application/json';
      return { ...op, headers, body: op.body ? JSON.stringify(op.body) : undefined, op };
    },
    // Board reads are large and need no parsing; writes and every failure do.
    readBody: (request, status) => request.op.kind !== 'read' || (status ?? 0) >= 300,
    onResult: ({ op: request, status, ms, body, headers, error, at }) => {
      // A request without an op was dropped by the generator; it always carries an error.
      if (error || status === undefined || !request) {
        record({
          kind: 'transport',
          outcome: 'error',
          status: /timed out/.test(error?.message ?? '') ? 'timeout' : request ? 'connection' : 'dropped',
          ms: null,
          at: offset + at / 1000,
          target: target.name,
        });
        return;
      }
      /** @type {Answer | undefined} */
      let parsed;
      if (body !== undefined) {
        try {
          parsed = /** @type {Answer} */ (JSON.parse(body));
        } catch {
          parsed = undefined;
        }
      }
      const op = request.op;
      const outcome = mix.settle(op, status, parsed);
      record({
        kind: op.kind,
        outcome,
        status,
        ms,
        at: offset + at / 1000,
        target: target.name,
        headers,
        parsed: status >= 300 ? parsed : undefined,
      });
    },
  });
  return {
    requests: run.sent + run.dropped,
    errors: run.errors + run.dropped,
    timeouts: 0,
    non2xx: 0,
    dropped: run.dropped,
    generatorLateP99Ms: Math.round(run.late.p99Ms * 10) / 10,
  };
}
