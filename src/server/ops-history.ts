import 'server-only';
import type { OpsPoint } from '@/shared/ops-overview';
import { env } from './env';
import { metrics } from './metrics';

// The last hours of this instance's own metrics, kept in a small in-process ring buffer so the operations page
// draws charts without Prometheus: every 30 s one point with what happened since the previous one (requests,
// 5xx, latency quantiles, rate-limit rejections and store failures, job and mail outcomes) and what is true now
// (pool, SSE streams, memory, job queue). 720 points of a few numbers (6 hours at the default OPS_SAMPLE_SECONDS).

export const KEEP_POINTS = 720;
export const sampleMs = (): number => env().OPS_SAMPLE_SECONDS * 1000;

const EXCLUDED = /^\/api\/(health|metrics)/;

type Value = { value: number; labels: Partial<Record<string, string | number>>; metricName?: string };
async function values(name: string): Promise<Value[]> {
  const metric = metrics().registry.getSingleMetric(name);
  return metric ? ((await metric.get()).values as Value[]) : [];
}
const sum = (list: Value[], keep: (v: Value) => boolean = () => true) =>
  list.filter(keep).reduce((total, v) => total + v.value, 0);

interface Totals {
  at: number;
  requests: number;
  errors: number;
  /** Cumulative histogram: upper bound → count (API routes only). */
  buckets: Map<number, number>;
  rateLimited: number;
  storeFailures: number;
  jobFailures: number | null;
  mailSent: number;
  mailFailed: number;
}

async function totals(now: number): Promise<Totals> {
  const api = (v: Value) => !EXCLUDED.test(String(v.labels.route ?? ''));
  const requests = await values('http_request_total');
  const buckets = new Map<number, number>();
  for (const v of await values('http_request_duration_ms')) {
    if (v.metricName !== 'http_request_duration_ms_bucket' || !api(v)) continue;
    const le = v.labels.le === '+Inf' ? Infinity : Number(v.labels.le);
    buckets.set(le, (buckets.get(le) ?? 0) + v.value);
  }
  const jobRuns = metrics().registry.getSingleMetric('jobs_runs_total') ? await values('jobs_runs_total') : null;
  const mail = await values('mail_deliveries_total');
  return {
    at: now,
    requests: sum(requests, api),
    errors: sum(requests, (v) => api(v) && String(v.labels.status).startsWith('5')),
    buckets,
    rateLimited: sum(await values('rate_limit_rejections_total')),
    storeFailures: sum(await values('rate_limit_backend_errors_total')),
    jobFailures: jobRuns ? sum(jobRuns, (v) => ['failed', 'timeout', 'dead'].includes(String(v.labels.result))) : null,
    mailSent: sum(mail, (v) => v.labels.result === 'sent'),
    mailFailed: sum(mail, (v) => v.labels.result === 'failed' || v.labels.result === 'retry'),
  };
}

/** histogram_quantile over the interval's bucket increases, linear inside a bucket (as Prometheus does). */
export function quantile(q: number, before: Map<number, number>, after: Map<number, number>): number | null {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counts = bounds.map((le) => Math.max(0, (after.get(le) ?? 0) - (before.get(le) ?? 0)));
  const total = counts[counts.length - 1] ?? 0;
  if (!total) return null;
  const rank = q * total;
  for (let i = 0; i < bounds.length; i++) {
    if (counts[i]! < rank) continue;
    const upper = bounds[i]!;
    const lower = i === 0 ? 0 : bounds[i - 1]!;
    if (upper === Infinity) return lower;
    const below = i === 0 ? 0 : counts[i - 1]!;
    const inBucket = counts[i]! - below;
    return inBucket ? lower + ((upper - lower) * (rank - below)) / inBucket : upper;
  }
  return null;
}

async function gauge(name: string): Promise<number | null> {
  const list = await values(name);
  return list.length ? sum(list) : null;
}

const stateKey = Symbol.for('tika.opsHistory');
type State = { points: OpsPoint[]; last?: Totals; timer?: NodeJS.Timeout };
const state: State = ((globalThis as { [stateKey]?: State })[stateKey] ??= { points: [] });

/** Takes one point now (the first call only sets the baseline). Exposed for tests; the timer calls it. */
export async function sampleOpsHistory(now = Date.now()): Promise<OpsPoint | null> {
  // Reading a gauge runs its scrape-time collect (pool, SSE, memory …, each bounded); nothing else is collected.
  const current = await totals(now);
  const previous = state.last;
  state.last = current;
  if (!previous) return null;
  const delta = (a: number, b: number) => Math.max(0, a - b);
  const memory = process.memoryUsage().rss;
  const queued = await values('jobs_queue_depth');
  const point: OpsPoint = {
    at: now,
    seconds: Math.round((now - previous.at) / 1000),
    requests: delta(current.requests, previous.requests),
    errors: delta(current.errors, previous.errors),
    p50: quantile(0.5, previous.buckets, current.buckets),
    p95: quantile(0.95, previous.buckets, current.buckets),
    poolActive: (await gauge('db_pool_active_connections')) ?? 0,
    poolWaiting: (await gauge('db_pool_waiting_clients')) ?? 0,
    poolMax: (await gauge('db_pool_max_connections')) ?? 0,
    rateLimited: delta(current.rateLimited, previous.rateLimited),
    rateLimitStoreFailures: delta(current.storeFailures, previous.storeFailures),
    jobsQueued: metrics().registry.getSingleMetric('jobs_queue_depth')
      ? sum(queued, (v) => v.labels.state === 'queued')
      : null,
    jobFailures:
      current.jobFailures === null ? null : delta(current.jobFailures, previous.jobFailures ?? current.jobFailures),
    mailSent: delta(current.mailSent, previous.mailSent),
    mailFailed: delta(current.mailFailed, previous.mailFailed),
    sse: (await gauge('sse_connections')) ?? 0,
    rssBytes: memory,
    memoryLimitBytes: (await gauge('tika_process_memory_limit_bytes')) ?? 0,
  };
  state.points.push(point);
  if (state.points.length > KEEP_POINTS) state.points.splice(0, state.points.length - KEEP_POINTS);
  return point;
}

export function opsHistory(): OpsPoint[] {
  return [...state.points];
}

export function startOpsHistory(): void {
  if (state.timer) return;
  void sampleOpsHistory().catch(() => undefined);
  state.timer = setInterval(() => void sampleOpsHistory().catch(() => undefined), sampleMs());
  state.timer.unref();
}

export function stopOpsHistory(): void {
  if (state.timer) clearInterval(state.timer);
  state.timer = undefined;
}

/** For tests: forget every point and the baseline. */
export function resetOpsHistory(): void {
  state.points.length = 0;
  state.last = undefined;
}
