// The mixed workload, driven by autocannon at a fixed arrival rate.
//
// Arrivals: autocannon's rate limit is per connection and per wall-clock second (a connection sends up to `rate`
// requests, then waits for its next 1 s tick), and every connection of one instance ticks in phase. One instance
// at overallRate 200 would therefore fire its requests in one burst at the top of each second. Instead we run
// rate/5 instances of 5 connections at 1 request/s each, started 1000/(rate/5) ms apart: at 200 req/s, 5
// requests every 25 ms. A connection waits for its answer before its next request, so a response slower than 1 s
// delays that connection's next arrival (the achieved rate is printed to show it).
//
// Mix per request (seeded PRNG, reproducible): 70% board reads, 10% ticket edits (PATCH), 10% moves to another
// column, 10% creates — spread evenly over the workspaces. Edits and moves send the version the client last saw.
// Two in-flight writes can pick the same ticket: the second then gets 409 VERSION_CONFLICT — optimistic
// concurrency doing its job, as it would for two people editing one ticket — which we count as `conflicts`, not
// errors, and adopt the currentVersion the problem carries.
import autocannon from 'autocannon';
import { setTimeout as sleep } from 'node:timers/promises';
import { ticketBody } from './seed.mjs';

export const KINDS = ['read', 'update', 'move', 'create'];
const WEIGHTS = [0.7, 0.1, 0.1, 0.1];
const PER_INSTANCE = 5;

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

/** Workload state over the seeded workspaces; `next()` picks the next operation, `settle()` learns from its answer. */
export function createMix(workspaces, seed = 7) {
  const random = mulberry32(seed);
  let serial = 0;
  const pickKind = () => {
    let r = random();
    for (let i = 0; i < KINDS.length; i++) if ((r -= WEIGHTS[i]) < 0) return KINDS[i];
    return KINDS[0];
  };
  return {
    next() {
      const n = serial++;
      const ws = workspaces[n % workspaces.length];
      const kind = pickKind();
      const token = ws.tokens[n % ws.tokens.length];
      if (kind === 'read') return { kind, ws, token, method: 'GET', path: `/api/v1/boards/${ws.boardId}` };
      if (kind === 'create') {
        const body = ticketBody(100_000 + n, ws.columnIds[Math.floor(random() * ws.columnIds.length)]);
        return { kind, ws, token, method: 'POST', path: '/api/v1/tickets', body };
      }
      const ticket = ws.tickets[Math.floor(random() * ws.tickets.length)];
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
        if (op.kind === 'create' && parsed?.id) op.ws.tickets.push({ id: parsed.id, version: parsed.version });
        else if (op.ticket && parsed?.version) op.ticket.version = Math.max(op.ticket.version, parsed.version);
        return 'ok';
      }
      if (status === 409 && parsed?.code === 'VERSION_CONFLICT' && op.ticket) {
        if (Number.isInteger(parsed.currentVersion)) op.ticket.version = parsed.currentVersion;
        return 'conflict';
      }
      return 'error';
    },
  };
}

/**
 * Runs the mix at `rate` req/s for `seconds` against `target` (an app). Every answer goes to
 * `record({ kind, outcome, status, ms, at, target, headers, parsed })`. Resolves autocannon's own totals
 * (timeouts and connection errors included).
 */
export async function drive({ target, mix, rate, seconds, record, started = performance.now(), timeoutSeconds = 10 }) {
  const instances = Math.max(1, Math.round(rate / PER_INSTANCE));
  const spacing = 1000 / instances;
  const url = new URL(target.url);
  const runs = [];
  for (let i = 0; i < instances; i++) {
    if (i) await sleep(spacing);
    runs.push(runInstance({ url, target, mix, seconds, record, started, timeoutSeconds }));
  }
  const results = await Promise.all(runs);
  return results.reduce(
    (a, r) => ({
      requests: a.requests + r.requests.total,
      errors: a.errors + r.errors,
      timeouts: a.timeouts + r.timeouts,
      non2xx: a.non2xx + r.non2xx,
    }),
    { requests: 0, errors: 0, timeouts: 0, non2xx: 0 },
  );
}

function runInstance({ url, target, mix, seconds, record, started, timeoutSeconds }) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: url.origin,
        connections: PER_INSTANCE,
        overallRate: PER_INSTANCE,
        duration: seconds,
        timeout: timeoutSeconds,
        requests: [
          {
            setupRequest(req, context) {
              const op = mix.next();
              context.op = op;
              const headers = { accept: 'application/json', authorization: `Bearer ${op.token}` };
              if (op.body) headers['content-type'] = 'application/json';
              return {
                ...req,
                method: op.method,
                path: op.path,
                headers,
                body: op.body ? JSON.stringify(op.body) : undefined,
              };
            },
            onResponse(status, body, context, headers) {
              const op = context.op;
              // Board reads are large and need no parsing; writes and every failure do.
              let parsed;
              if (op.kind !== 'read' || status >= 300) {
                try {
                  parsed = JSON.parse(body);
                } catch {
                  parsed = undefined;
                }
              }
              context.outcome = mix.settle(op, status, parsed);
              context.parsed = status >= 300 ? parsed : undefined;
              context.headers = headers;
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (client, status, _bytes, ms) => {
      const context = client.requestIterator.context;
      record({
        kind: context.op.kind,
        outcome: context.outcome,
        status,
        ms,
        at: (performance.now() - started) / 1000,
        target: target.name,
        headers: context.headers,
        parsed: context.parsed,
      });
    });
    // A timeout or a refused/reset connection: no HTTP answer at all, an error of no particular kind.
    instance.on('reqError', (error) => {
      const status = /timed out/.test(error.message) ? 'timeout' : 'connection';
      record({
        kind: 'transport',
        outcome: 'error',
        status,
        ms: null,
        at: (performance.now() - started) / 1000,
        target: target.name,
      });
    });
  });
}
