import { timingSafeEqual, createHash } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { env } from './env';

// Prometheus metrics. The registry lives on globalThis: route bundles and dev reloads share one, and a metric is
// never registered twice. Names follow the ops guide (http_request_duration_ms, tickets_by_status …).

interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  httpTotal: Counter<'method' | 'route' | 'status'>;
  dbQueryDuration: Histogram<'operation'>;
  dbPoolActive: Gauge;
  dbPoolWaiting: Gauge;
  dbPoolMax: Gauge;
  ticketsCreated: Counter;
  ticketsByStatus: Gauge<'status'>;
  rateLimitRejections: Counter<'scope' | 'reason'>;
  rateLimitBackendErrors: Counter<'backend' | 'mode'>;
  flagEvaluations: Counter<'flag' | 'result' | 'source'>;
  usageFlushes: Counter<'result'>;
  mailDeliveries: Counter<'kind' | 'result'>;
}

const metricsKey = Symbol.for('tika.metrics');
type Holder = { [metricsKey]?: Metrics };

/**
 * Scrape-time sources (the pool, the ticket counts), registered at boot. On globalThis like the registry: Next
 * bundles instrumentation and each route separately, so module-level state would exist once per bundle.
 */
export interface PoolSample {
  active: number;
  waiting: number;
  max: number;
}
type Collectors = {
  pool?: () => PoolSample | Promise<PoolSample>;
  ticketsByStatus?: () => Promise<Record<string, number>>;
};
const collectorsKey = Symbol.for('tika.metrics.collectors');
const collectors: Collectors = ((globalThis as { [collectorsKey]?: Collectors })[collectorsKey] ??= {});
export function setPoolCollector(fn: () => PoolSample | Promise<PoolSample>) {
  collectors.pool = fn;
}
export function setTicketsByStatusCollector(fn: () => Promise<Record<string, number>>) {
  collectors.ticketsByStatus = fn;
}

function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tika_' });
  const registers = [registry];
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_ms',
      help: 'HTTP request duration in milliseconds, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [10, 50, 100, 200, 500, 1000, 3000],
      registers,
    }),
    httpTotal: new Counter({
      name: 'http_request_total',
      help: 'HTTP requests, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    dbQueryDuration: new Histogram({
      name: 'db_query_duration_ms',
      help: 'Database round trips in milliseconds: tenant transactions and cross-tenant lookups',
      labelNames: ['operation'],
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 3000],
      registers,
    }),
    dbPoolActive: new Gauge({
      name: 'db_pool_active_connections',
      help: 'Database connections checked out of the pool',
      registers,
      async collect() {
        this.set(collectors.pool ? (await collectors.pool()).active : 0);
      },
    }),
    // Saturation: active == max says the pool is fully used; waiting > 0 says requests queue for a connection.
    dbPoolWaiting: new Gauge({
      name: 'db_pool_waiting_clients',
      help: 'Requests waiting for a database connection because every pooled connection is checked out',
      registers,
      async collect() {
        this.set(collectors.pool ? (await collectors.pool()).waiting : 0);
      },
    }),
    dbPoolMax: new Gauge({
      name: 'db_pool_max_connections',
      help: 'The pool cap (DATABASE_POOL_MAX)',
      registers,
      async collect() {
        this.set(collectors.pool ? (await collectors.pool()).max : 0);
      },
    }),
    ticketsCreated: new Counter({ name: 'tickets_created_total', help: 'Tickets created (committed)', registers }),
    ticketsByStatus: new Gauge({
      name: 'tickets_by_status',
      help: 'Tickets across all workspaces by status (todo = first column, done = last column, in_progress = between, archived), computed at scrape time',
      labelNames: ['status'],
      registers,
      async collect() {
        if (!collectors.ticketsByStatus) return;
        const counts = await collectors.ticketsByStatus();
        this.reset();
        for (const status of ['todo', 'in_progress', 'done', 'archived']) this.set({ status }, counts[status] ?? 0);
      },
    }),
    rateLimitRejections: new Counter({
      name: 'rate_limit_rejections_total',
      help: 'Requests refused by the rate limiter',
      labelNames: ['scope', 'reason'],
      registers,
    }),
    rateLimitBackendErrors: new Counter({
      name: 'rate_limit_backend_errors_total',
      help: 'Rate-limit checks that could not reach their backend, by the fail mode applied',
      labelNames: ['backend', 'mode'],
      registers,
    }),
    flagEvaluations: new Counter({
      name: 'feature_flag_evaluations_total',
      help: 'Feature flag evaluations',
      labelNames: ['flag', 'result', 'source'],
      registers,
    }),
    usageFlushes: new Counter({
      name: 'usage_flushes_total',
      help: 'Usage-metering flushes to the database',
      labelNames: ['result'],
      registers,
    }),
    mailDeliveries: new Counter({
      name: 'mail_deliveries_total',
      help: 'Mail delivery attempts by template and result (sent, retry, failed)',
      labelNames: ['kind', 'result'],
      registers,
    }),
  };
}

export function metrics(): Metrics {
  return ((globalThis as Holder)[metricsKey] ??= createMetrics());
}

export function observeRequest(method: string, route: string, status: number, durationMs: number): void {
  const m = metrics();
  const labels = { method, route, status: String(status) };
  m.httpDuration.observe(labels, durationMs);
  m.httpTotal.inc(labels);
}

/** Times one database round trip (a tenant transaction or a lookup) into db_query_duration_ms. */
export async function timeDb<T>(operation: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    metrics().dbQueryDuration.observe({ operation }, performance.now() - started);
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * GET /api/metrics — Prometheus text. Needs `Authorization: Bearer $METRICS_TOKEN`; without METRICS_TOKEN the
 * endpoint does not exist (404), with a wrong token it is 401. Never cached.
 */
export async function metricsResponse(request: Request): Promise<Response> {
  const token = env().METRICS_TOKEN;
  if (!token) return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
  const header = request.headers.get('authorization') ?? '';
  const given = /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1];
  if (!given || !sameSecret(given, token)) {
    return new Response('Unauthorized\n', {
      status: 401,
      headers: { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"' },
    });
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
  });
}
