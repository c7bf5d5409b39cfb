import 'server-only';
import { timingSafeEqual, createHash } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { env } from './env';
import { memoryLimitBytes } from './memory-limit';
import { knownCertificate } from './tls-expiry';

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
  healthReady: Gauge;
  healthCheckUp: Gauge<'check'>;
  backupLastSuccess: Gauge;
  backupLastFailure: Gauge;
  backupLastSuccessBytes: Gauge;
  memoryLimit: Gauge;
  tlsExpiry: Gauge<'host'>;
  sseConnections: Gauge;
  circuitBreakerState: Gauge<'breaker'>;
  circuitBreakerTransitions: Counter<'breaker' | 'to'>;
  circuitBreakerRejections: Counter<'breaker'>;
  requestsShed: Counter<'reason'>;
  requestsInFlight: Gauge;
  jobRuns: Counter<'queue' | 'result'>;
  jobDuration: Histogram<'queue'>;
  jobQueueDepth: Gauge<'queue' | 'state'>;
  jobOldestReady: Gauge<'queue'>;
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
export interface ReadinessSample {
  ready: boolean;
  /** Check name (database, rate_limit, unleash) → up. */
  checks: Record<string, boolean>;
}
export interface BackupSample {
  /** Unix seconds of the newest successful / failed run; 0 when there is none. */
  lastSuccess: number;
  lastFailure: number;
  lastSuccessBytes: number;
}
export interface JobQueueSample {
  job: string;
  queued: number;
  active: number;
  dead: number;
  oldestReadySeconds: number;
}
type Collectors = {
  pool?: () => PoolSample | Promise<PoolSample>;
  ticketsByStatus?: () => Promise<Record<string, number>>;
  readiness?: () => Promise<ReadinessSample>;
  backups?: () => Promise<BackupSample>;
  sseConnections?: () => number;
  jobs?: () => Promise<JobQueueSample[]>;
};
const collectorsKey = Symbol.for('tika.metrics.collectors');
const collectors: Collectors = ((globalThis as { [collectorsKey]?: Collectors })[collectorsKey] ??= {});
export function setPoolCollector(fn: () => PoolSample | Promise<PoolSample>) {
  collectors.pool = fn;
}
export function setJobsCollector(fn: (() => Promise<JobQueueSample[]>) | undefined) {
  collectors.jobs = fn;
}
export function setTicketsByStatusCollector(fn: () => Promise<Record<string, number>>) {
  collectors.ticketsByStatus = fn;
}
export function setReadinessCollector(fn: () => Promise<ReadinessSample>) {
  collectors.readiness = fn;
}
export function setBackupCollector(fn: () => Promise<BackupSample>) {
  collectors.backups = fn;
}
export function setSseCollector(fn: () => number) {
  collectors.sseConnections = fn;
}

const COLLECT_TIMEOUT_MS = 3000;
/** A shared source is asked again only after this long: scrapes closer together see the same sample. */
export const COLLECT_REUSE_MS = 1000;

/**
 * One scrape-time source shared by several gauges: called at most once per second, bounded in time, and never
 * failing the scrape. A database that is down must not take /api/metrics with it — that is when the readiness
 * and pool gauges matter most. On failure or timeout the gauges keep their last values.
 */
function shared<T>(source: () => (() => T | Promise<T>) | undefined): () => Promise<T | undefined> {
  let last: { at: number; fn: unknown; value: Promise<T | undefined> } | undefined;
  return () => {
    const now = Date.now();
    const fn = source();
    if (last && last.fn === fn && now - last.at < COLLECT_REUSE_MS) return last.value;
    const value = Promise.race([
      Promise.resolve()
        .then(() => fn?.())
        .catch(() => undefined),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), COLLECT_TIMEOUT_MS).unref()),
    ]);
    last = { at: now, fn, value };
    return value;
  };
}

const poolNow = shared(() => collectors.pool);
const readinessNow = shared(() => collectors.readiness);
const backupsNow = shared(() => collectors.backups);
const ticketsNow = shared(() => collectors.ticketsByStatus);

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
        const pool = await poolNow();
        if (pool) this.set(pool.active);
      },
    }),
    // Saturation: active == max says the pool is fully used; waiting > 0 says requests queue for a connection.
    dbPoolWaiting: new Gauge({
      name: 'db_pool_waiting_clients',
      help: 'Requests waiting for a database connection because every pooled connection is checked out',
      registers,
      async collect() {
        const pool = await poolNow();
        if (pool) this.set(pool.waiting);
      },
    }),
    dbPoolMax: new Gauge({
      name: 'db_pool_max_connections',
      help: 'The pool cap (DATABASE_POOL_MAX)',
      registers,
      async collect() {
        const pool = await poolNow();
        if (pool) this.set(pool.max);
      },
    }),
    ticketsCreated: new Counter({ name: 'tickets_created_total', help: 'Tickets created (committed)', registers }),
    ticketsByStatus: new Gauge({
      name: 'tickets_by_status',
      help: 'Tickets across all workspaces by status (todo = first column, done = last column, in_progress = between, archived), computed at scrape time',
      labelNames: ['status'],
      registers,
      async collect() {
        const counts = await ticketsNow();
        if (!counts) return;
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
    // The readiness verdict as a number, so Prometheus can alert on it (TikaNotReady) while /api/metrics itself
    // keeps answering: 1 when /api/health/ready would answer 200.
    healthReady: new Gauge({
      name: 'health_ready',
      help: 'Whether this instance is ready to serve (1) or not (0): the database answers with the expected schema and the instance is not draining',
      registers,
      async collect() {
        const sample = await readinessNow();
        if (sample) this.set(sample.ready ? 1 : 0);
      },
    }),
    healthCheckUp: new Gauge({
      name: 'health_check_up',
      help: 'Each readiness check (database, rate_limit, unleash when configured): 1 up, 0 down',
      labelNames: ['check'],
      registers,
      async collect() {
        const sample = await readinessNow();
        if (!sample) return;
        this.reset();
        for (const [check, up] of Object.entries(sample.checks)) this.set({ check }, up ? 1 : 0);
      },
    }),
    backupLastSuccess: new Gauge({
      name: 'backup_last_success_timestamp_seconds',
      help: 'When the newest successful backup run ended (unix seconds; 0 = none recorded), from backup_runs',
      registers,
      async collect() {
        const sample = await backupsNow();
        if (sample) this.set(sample.lastSuccess);
      },
    }),
    backupLastFailure: new Gauge({
      name: 'backup_last_failure_timestamp_seconds',
      help: 'When the newest failed backup run ended (unix seconds; 0 = none recorded), from backup_runs',
      registers,
      async collect() {
        const sample = await backupsNow();
        if (sample) this.set(sample.lastFailure);
      },
    }),
    backupLastSuccessBytes: new Gauge({
      name: 'backup_last_success_bytes',
      help: 'Size of the newest successful backup (bytes)',
      registers,
      async collect() {
        const sample = await backupsNow();
        if (sample) this.set(sample.lastSuccessBytes);
      },
    }),
    memoryLimit: new Gauge({
      name: 'tika_process_memory_limit_bytes',
      help: "The memory limit of this process's container (cgroup), 0 when there is none; compare with tika_process_resident_memory_bytes",
      registers,
      collect() {
        this.set(memoryLimitBytes());
      },
    }),
    // Only present when APP_URL is https and the certificate could be read ("when known").
    tlsExpiry: new Gauge({
      name: 'tls_certificate_expiry_timestamp_seconds',
      help: 'When the TLS certificate of the public address (APP_URL) expires, unix seconds',
      labelNames: ['host'],
      registers,
      collect() {
        const cert = knownCertificate(env().APP_URL, Date.now(), env().TLS_PROBE_ADDRESS);
        this.reset();
        if (cert) this.set({ host: cert.host }, Math.floor(cert.notAfter.getTime() / 1000));
      },
    }),
    sseConnections: new Gauge({
      name: 'sse_connections',
      help: 'Open live-update streams (server-sent events) on this instance',
      registers,
      collect() {
        if (collectors.sseConnections) this.set(collectors.sseConnections());
      },
    }),
    circuitBreakerState: new Gauge({
      name: 'tika_circuit_breaker_state',
      help: 'Circuit breaker state by dependency: 0 closed, 1 half-open, 2 open',
      labelNames: ['breaker'],
      registers,
    }),
    circuitBreakerTransitions: new Counter({
      name: 'tika_circuit_breaker_transitions_total',
      help: 'Circuit breaker transitions, by dependency and the state entered',
      labelNames: ['breaker', 'to'],
      registers,
    }),
    circuitBreakerRejections: new Counter({
      name: 'tika_circuit_breaker_rejections_total',
      help: 'Calls not made because the circuit was open (failed fast)',
      labelNames: ['breaker'],
      registers,
    }),
    requestsShed: new Counter({
      name: 'tika_requests_shed_total',
      help: 'Requests answered 503 + Retry-After to protect the instance: concurrency limit reached, or no database connection within the acquire timeout',
      labelNames: ['reason'],
      registers,
    }),
    requestsInFlight: new Gauge({
      name: 'tika_requests_in_flight',
      help: 'API requests being served by this instance right now (the concurrency limit applies to this)',
      registers,
    }),
    jobRuns: new Counter({
      name: 'jobs_runs_total',
      help: 'Job attempts run by this process, by queue (the job name) and result (completed, failed = will retry, timeout, dead = retries exhausted or permanent)',
      labelNames: ['queue', 'result'],
      registers,
    }),
    jobDuration: new Histogram({
      name: 'jobs_run_duration_seconds',
      help: 'Duration of job attempts run by this process, by job',
      labelNames: ['queue'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900],
      registers,
    }),
    // Scrape time, from the queue itself: the same on every replica (alert on max, not sum).
    jobQueueDepth: new Gauge({
      name: 'jobs_queue_depth',
      help: 'Jobs in the queue by job and state (queued, active, dead = the dead-letter state), read at scrape time',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const sample of (await jobSamples()) ?? []) {
          for (const state of ['queued', 'active', 'dead'] as const)
            this.set({ queue: sample.job, state }, sample[state]);
        }
      },
    }),
    jobOldestReady: new Gauge({
      name: 'jobs_oldest_ready_age_seconds',
      help: 'Age of the oldest job that could run but has not started, by job (a stuck queue grows it)',
      labelNames: ['queue'],
      registers,
      async collect() {
        this.reset();
        for (const sample of (await jobSamples()) ?? []) this.set({ queue: sample.job }, sample.oldestReadySeconds);
      },
    }),
  };
}

// Both job gauges read one sample per scrape (collect() runs per metric, in the same tick).
let pendingJobSample: Promise<JobQueueSample[] | undefined> | undefined;
function jobSamples(): Promise<JobQueueSample[] | undefined> {
  if (!collectors.jobs) return Promise.resolve(undefined);
  pendingJobSample ??= collectors
    .jobs()
    .catch(() => undefined)
    .finally(() => setTimeout(() => (pendingJobSample = undefined), 1000).unref());
  return pendingJobSample;
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
