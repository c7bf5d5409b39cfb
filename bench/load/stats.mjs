// Latency and outcome bookkeeping for one measured phase: overall, per kind of request, and per time window.
import { percentile } from '../lib/load.mjs';

/** @param {number[]} values */
export function latencySummary(values) {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  /** @param {number} x */
  const round = (x) => (Number.isFinite(x) ? Number(x.toFixed(1)) : null);
  return {
    n,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(n ? /** @type {number} */ (sorted[n - 1]) : NaN),
  };
}

/**
 * One answer: its kind (the workload's name for the request), when it came (seconds into the phase), its latency
 * (null when none was measured), its status and how it counts.
 * @typedef {{ kind: string, at: number, ms: number | null, status: number | string | undefined,
 *   outcome: 'ok' | 'conflict' | 'error' | string, parsed?: { code?: unknown, detail?: unknown } | null }} RecordedEvent
 */
/** @typedef {{ latencies: number[], ok: number, conflicts: number, errors: number, statuses: Record<string, number> }} Kind */
/** @typedef {{ latencies: number[], n: number, errors: number, conflicts: number }} Window */

/**
 * Collects answers; `windowSeconds` buckets give the figures over time.
 * @param {{ windowSeconds?: number }} [options]
 */
export function createRecorder({ windowSeconds = 10 } = {}) {
  /** @type {Map<string, Kind>} */
  const kinds = new Map();
  /** @type {Map<number, Window>} */
  const windows = new Map();
  /** @type {number[]} */
  const all = [];
  /** @type {Record<string, number>} */
  const statuses = {};
  /** @type {{ kind: string, status: RecordedEvent['status'], code: unknown, detail: unknown }[]} */
  const errorSamples = [];
  let ok = 0;
  let conflicts = 0;
  let errors = 0;
  /** @param {string} name */
  const kindOf = (name) => {
    if (!kinds.has(name)) kinds.set(name, { latencies: [], ok: 0, conflicts: 0, errors: 0, statuses: {} });
    return /** @type {Kind} */ (kinds.get(name));
  };
  return {
    /** @param {RecordedEvent} event */
    record(event) {
      const k = kindOf(event.kind);
      const w = Math.floor(event.at / windowSeconds);
      if (!windows.has(w)) windows.set(w, { latencies: [], n: 0, errors: 0, conflicts: 0 });
      const win = /** @type {Window} */ (windows.get(w));
      win.n++;
      const status = String(event.status);
      statuses[status] = (statuses[status] ?? 0) + 1;
      k.statuses[status] = (k.statuses[status] ?? 0) + 1;
      if (event.ms !== null) {
        all.push(event.ms);
        k.latencies.push(event.ms);
        win.latencies.push(event.ms);
      }
      if (event.outcome === 'ok') {
        ok++;
        k.ok++;
      } else if (event.outcome === 'conflict') {
        conflicts++;
        k.conflicts++;
        win.conflicts++;
      } else {
        errors++;
        k.errors++;
        win.errors++;
        if (errorSamples.length < 10)
          errorSamples.push({
            kind: event.kind,
            status: event.status,
            code: event.parsed?.code,
            detail: event.parsed?.detail,
          });
      }
    },
    /** @param {number} seconds */
    summary(seconds) {
      const n = ok + conflicts + errors;
      const perKind = Object.fromEntries(
        [...kinds].map(([name, k]) => [
          name,
          {
            ...latencySummary(k.latencies),
            share: n ? Number((k.latencies.length / n).toFixed(3)) : 0,
            ok: k.ok,
            conflicts: k.conflicts,
            errors: k.errors,
            statuses: k.statuses,
          },
        ]),
      );
      const overTime = [...windows]
        .sort(([a], [b]) => a - b)
        .map(([w, win]) => ({
          fromS: w * windowSeconds,
          n: win.n,
          rate: Number((win.n / windowSeconds).toFixed(1)),
          p95Ms: latencySummary(win.latencies).p95Ms,
          errors: win.errors,
          conflicts: win.conflicts,
        }));
      return {
        requests: n,
        seconds: Number(seconds.toFixed(1)),
        achievedRate: Number((n / seconds).toFixed(1)),
        ok,
        conflicts,
        errors,
        errorRate: n ? errors / n : 0,
        statuses,
        ...latencySummary(all),
        perKind,
        overTime,
        errorSamples,
      };
    },
  };
}
