// What the operations page charts (GET /api/ops/history): shared by the server that builds
// it and the page that renders it.

export interface OpsPoint {
  /** End of the interval (ms since epoch). */
  at: number;
  seconds: number;
  requests: number;
  errors: number;
  /** Latency quantiles of the interval's API requests (ms), estimated from the histogram; null without requests. */
  p50: number | null;
  p95: number | null;
  poolActive: number;
  poolWaiting: number;
  poolMax: number;
  rateLimited: number;
  rateLimitStoreFailures: number;
  /** Jobs engine (#17): null until it exports its metrics. */
  jobsQueued: number | null;
  jobFailures: number | null;
  mailSent: number;
  mailFailed: number;
  sse: number;
  rssBytes: number;
  memoryLimitBytes: number;
}

export interface OpsOverview {
  instance: { id: string; hostname: string; version: string | null };
  sampleSeconds: number;
  points: OpsPoint[];
  /** Live instances (heartbeat within 90 s); null when the database could not be asked. Times are ISO 8601. */
  instances: { id: string; hostname: string; version: string | null; startedAt: string; lastSeenAt: string }[] | null;
  /** Browser-facing links (PROMETHEUS_URL / ALERTMANAGER_URL are addresses the server uses, not links). */
  links: { grafana: string | null };
}
