// Closed-loop load: `clients` workers, each doing a fixed number of operations back to back.

/**
 * @typedef {{ n: number, ok: number, errors: number, errorRate: number, statuses: Record<string, number>,
 *   seconds: number, rate: number, meanMs: number, p50Ms: number, p95Ms: number, p99Ms: number, maxMs: number,
 *   latencies: number[] }} Summary
 * `latencies` is not enumerable: it stays out of the JSON results.
 */
/** @typedef {Summary & { clients: number, planned: number, truncated: boolean }} PhaseSummary */

/**
 * Nearest-rank percentile of an ascending array.
 * @param {ArrayLike<number>} sorted
 * @param {number} p
 * @returns {number}
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return /** @type {number} */ (sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]);
}

/**
 * @template {object} [E={}]
 * @param {number[]} latencies
 * @param {number} seconds
 * @param {Record<string, number>} statuses
 * @param {E} [extra]
 * @returns {Summary & E}
 */
export function summarize(latencies, seconds, statuses, extra = /** @type {E} */ ({})) {
  const sorted = Float64Array.from(latencies).sort();
  const n = sorted.length;
  let sum = 0;
  for (const v of sorted) sum += v;
  const errors = Object.entries(statuses)
    .filter(([status]) => !/^2\d\d$/.test(status))
    .reduce((a, [, c]) => a + c, 0);
  const summary = {
    n,
    ok: n - errors,
    errors,
    errorRate: n ? errors / n : 0,
    statuses,
    seconds,
    rate: n / seconds,
    meanMs: n ? sum / n : NaN,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: n ? /** @type {number} */ (sorted[n - 1]) : NaN,
    ...extra,
  };
  // The raw latencies ride along for merging, but stay out of the JSON results.
  Object.defineProperty(summary, 'latencies', { value: latencies, enumerable: false });
  return /** @type {Summary & E} */ (summary);
}

/**
 * Runs `op(client, i)` `perClient` times in each of `clients` concurrent workers. `op` resolves to
 * { status, fixup? }: status is an HTTP status (or 'ok' / 200 for SQL); a `fixup` function runs after the
 * latency is recorded (e.g. re-reading a ticket's version after a failed move), outside the measurement.
 * Thrown errors are real failures (connection refused, SQL error): they propagate and end the bench.
 * `maxSeconds` bounds the phase on a starved machine: workers stop starting operations after it, and the
 * summary says `truncated` (n < planned).
 * @param {{ clients: number, perClient: number, maxSeconds?: number,
 *   op: (client: number, i: number) => Promise<{ status?: number | string, fixup?: () => unknown } | void> }} phase
 * @returns {Promise<PhaseSummary>}
 */
export async function runFixed({ clients, perClient, op, maxSeconds = Infinity }) {
  /** @type {number[]} */
  const latencies = [];
  /** @type {Record<string, number>} */
  const statuses = {};
  const started = performance.now();
  const stopAt = started + maxSeconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < perClient && performance.now() < stopAt; i++) {
        const t0 = performance.now();
        const result = await op(client, i);
        latencies.push(performance.now() - t0);
        const status = String(result?.status ?? 200);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (result?.fixup) await result.fixup();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const planned = clients * perClient;
  return summarize(latencies, seconds, statuses, { clients, planned, truncated: latencies.length < planned });
}

/**
 * Merges several runs of the same phase (interleaved rounds) into one summary, from the raw latencies.
 * @param {PhaseSummary[]} runs
 */
export function mergeRuns(runs) {
  const latencies = runs.flatMap((r) => r.latencies);
  /** @type {Record<string, number>} */
  const statuses = {};
  for (const r of runs) for (const [s, c] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + c;
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  const planned = runs.reduce((a, r) => a + r.planned, 0);
  return summarize(latencies, seconds, statuses, {
    clients: /** @type {PhaseSummary} */ (runs[0]).clients,
    rounds: runs.length,
    planned,
    truncated: latencies.length < planned,
  });
}
