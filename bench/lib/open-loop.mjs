// An open-loop (constant-arrival-rate) HTTP load generator: request i is due at start + i / rate whatever happened
// to the requests before it, so a slow server cannot slow the arrivals down (a closed-loop tool such as autocannon
// waits for a free connection and hides the queue: "coordinated omission"). Latency is measured from the moment
// the request was DUE, not from when it was sent, for the same reason.
//
// Why not a ready-made tool: k6 (the usual open-loop tool, constant-arrival-rate executor) is a Go binary under
// the AGPL that neither npm nor apt ships here; autocannon, on npm, is closed-loop; wrk2 is not packaged. This is
// node:http with keep-alive sockets, no dependency, tested in tests/unit/open-loop.test.ts.
//
//   const result = await runOpenLoop({ url, rate: 200, seconds: 300, next: () => op, onResult })
//   op       { method, path, headers?, body? (string), ...anything the caller wants back in onResult }
//   onResult ({ op, status, ms, body, headers, error, dueAt, at }) for every request, in completion order
//   result   { sent, completed, errors, dropped, late: { p99Ms, maxMs } }
// `maxOutstanding` bounds requests in flight (default 4,000): past it a due request is not sent and counts as
// dropped (an error of the run) — the generator must not fall over before the server does.
import http from 'node:http';

// The same types as open-loop.d.mts (which the TypeScript tests import), here for the file's own check.
/** @typedef {{ method: string, path: string, headers?: Record<string, string>, body?: string, [key: string]: unknown }} OpenLoopOp */
/**
 * @typedef {{ status?: number, headers?: import('node:http').IncomingHttpHeaders, body?: string, error?: Error }} Outcome
 * @typedef {Outcome & { op: OpenLoopOp | null, ms: number | null, dueAt: number, at: number }} OpenLoopResult
 */

/**
 * @param {{ url: string, rate: number, seconds: number, next: () => OpenLoopOp,
 *   onResult?: (result: OpenLoopResult) => void, maxOutstanding?: number, timeoutMs?: number,
 *   readBody?: (op: OpenLoopOp, status: number | undefined) => boolean }} options
 */
export async function runOpenLoop({
  url,
  rate,
  seconds,
  next,
  onResult = () => undefined,
  maxOutstanding = 4000,
  timeoutMs = 30_000,
  readBody = () => false,
}) {
  if (!(rate > 0) || !(seconds > 0)) throw new Error('runOpenLoop: rate and seconds must be positive');
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
  const total = Math.round(rate * seconds);
  const intervalMs = 1000 / rate;
  const start = performance.now();
  let sent = 0;
  let completed = 0;
  let errors = 0;
  let dropped = 0;
  let outstanding = 0;
  /** @type {number[]} */
  const lateness = [];
  /** @type {() => void} */
  let settleAll = () => undefined;
  /** @type {Promise<void>} */
  const allDone = new Promise((resolve) => (settleAll = resolve));
  const finish = () => {
    if (sent + dropped === total && outstanding === 0) settleAll();
  };

  /**
   * @param {OpenLoopOp} op
   * @param {number} dueAt
   */
  const fire = (op, dueAt) => {
    outstanding++;
    sent++;
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: op.method,
        path: op.path,
        headers: { ...(op.body ? { 'content-length': Buffer.byteLength(op.body) } : {}), ...op.headers },
        agent,
        timeout: timeoutMs,
      },
      (response) => {
        const keep = readBody(op, response.statusCode);
        /** @type {Buffer[]} */
        const chunks = [];
        response.on('data', (/** @type {Buffer} */ chunk) => keep && chunks.push(chunk));
        response.on('end', () =>
          done({
            status: response.statusCode,
            headers: response.headers,
            body: keep ? Buffer.concat(chunks).toString('utf8') : undefined,
          }),
        );
        response.on('error', (error) => done({ error }));
      },
    );
    let settled = false;
    /** @param {Outcome} outcome */
    const done = (outcome) => {
      if (settled) return;
      settled = true;
      outstanding--;
      completed++;
      const at = performance.now();
      if (outcome.error) errors++;
      onResult({ op, ...outcome, ms: at - dueAt, dueAt: dueAt - start, at: at - start });
      finish();
    };
    request.on('timeout', () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    request.on('error', (error) => done({ error }));
    if (op.body) request.write(op.body);
    request.end();
  };

  // Issue everything that is due, then sleep until the next one is. Timers are late by a few ms under load; the
  // loop catches up by sending every request whose time has come (and latency counts from the due time anyway).
  /** @type {Promise<void>} */
  const issued = new Promise((resolve) => {
    let i = 0;
    const tick = () => {
      const now = performance.now();
      while (i < total && start + i * intervalMs <= now) {
        const dueAt = start + i * intervalMs;
        lateness.push(now - dueAt);
        i++;
        if (outstanding >= maxOutstanding) {
          dropped++;
          onResult({ op: null, error: new Error('dropped: too many requests in flight'), ms: null, dueAt, at: now });
          continue;
        }
        fire(next(), dueAt);
      }
      if (i >= total) return resolve();
      setTimeout(tick, Math.max(0, start + i * intervalMs - performance.now()));
    };
    tick();
  });
  await issued;
  finish();
  await allDone;
  agent.destroy();
  lateness.sort((a, b) => a - b);
  return {
    sent,
    completed,
    errors,
    dropped,
    durationS: (performance.now() - start) / 1000,
    late: {
      p99Ms: lateness[Math.floor(lateness.length * 0.99)] ?? 0,
      maxMs: lateness.at(-1) ?? 0,
    },
  };
}
