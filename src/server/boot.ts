import 'server-only';
import { assertEnvOrExit } from './env';
import { installPeerAddressCapture } from './http/client-ip';
import { logger } from './logger';
import {
  setBackupCollector,
  setPoolCollector,
  setReadinessCollector,
  setSseCollector,
  setTicketsByStatusCollector,
} from './metrics';
import { closeRateLimit, rateLimitBackend } from './rate-limit';
import { startFlags, stopFlags } from './flags';
import { installShutdownHandlers, onShutdown } from './shutdown';
import { flushSentry } from './sentry';
import { sentryTransportWithBreaker, spanExporterWithBreaker } from './telemetry';
import { closeDb, getDbHandle } from './db/client';
import { lookupBackupStatus, lookupTicketCounts } from './db/lookups';
import { readinessSample } from './health';
import { openStreams } from './realtime/hub';
import { startHeartbeat, stopHeartbeat } from './heartbeat';
import { authSecret } from './auth/secret';
import { startOpsHistory, stopOpsHistory } from './ops-history';
import { flushUsage, stopUsageMeter } from './usage-meter';
import { installJobs, stopJobSystem, type AnyJobDefinition } from './jobs';

/**
 * Start-up of the Node server (instrumentation.ts register()): configuration first — a bad one stops the process
 * with one message — then the connections that should exist before the first request.
 */
export async function boot(composition: { jobs: readonly AnyJobDefinition[] }): Promise<void> {
  const config = assertEnvOrExit();
  // Before the first request: route handlers learn the connection's peer address only through this (client-ip.ts).
  installPeerAddressCapture();
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) {
    const { registerOTel, OTLPHttpProtoTraceExporter } = await import('@vercel/otel');
    // The exporter @vercel/otel would pick itself (OTLP/HTTP protobuf to <endpoint>/v1/traces), behind a breaker.
    const exporter = new OTLPHttpProtoTraceExporter({
      url: `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces`,
      headers: config.otlpHeaders,
    });
    registerOTel({
      serviceName: config.OTEL_SERVICE_NAME,
      traceExporter: spanExporterWithBreaker(exporter) as unknown as typeof exporter,
    });
  }
  if (config.SENTRY_DSN) {
    const Sentry = await import('@sentry/nextjs');
    const { sentryServerOptions } = await import('./sentry');
    Sentry.init({
      ...sentryServerOptions(config.SENTRY_DSN),
      transport: sentryTransportWithBreaker(Sentry.makeNodeTransport) as unknown as typeof Sentry.makeNodeTransport,
    });
  }
  // Before the database opens: the job system starts with it (and an enqueue never waits for it).
  installJobs(composition.jobs);
  setPoolCollector(async () => (await getDbHandle()).poolStats());
  setTicketsByStatusCollector(() => lookupTicketCounts());
  setReadinessCollector(readinessSample);
  setSseCollector(openStreams);
  setBackupCollector(async () => {
    const status = await lookupBackupStatus();
    const seconds = (date: Date | null) => (date ? Math.floor(date.getTime() / 1000) : 0);
    return {
      lastSuccess: seconds(status.lastSuccessAt),
      lastFailure: seconds(status.lastFailureAt),
      lastSuccessBytes: status.lastSuccessBytes ?? 0,
    };
  });
  // Connect early: the first request must not pay for it, and readiness reports them from the start. The database
  // opens in the background (embedded mode migrates first); readiness stays 503 until it answers.
  void getDbHandle().catch((error: unknown) =>
    logger.error(
      { err: { message: error instanceof Error ? error.message : String(error) } },
      'database not reachable at start',
    ),
  );
  await Promise.all([rateLimitBackend(), startFlags()]).catch((error: unknown) =>
    logger.warn({ err: error }, 'an optional dependency failed to start'),
  );
  // Mail leaves as mail.send jobs: it needs no loop of its own.
  startHeartbeat();
  startOpsHistory();
  // The embedded mode's generated session secret exists from the start: `tika doctor` derives its token from it.
  if (!config.BETTER_AUTH_SECRET) authSecret();
  installShutdownHandlers();
  // First: stop taking jobs, let running ones finish (or release them) while the database is still open.
  onShutdown('jobs', stopJobSystem, { timeoutMs: config.JOBS_SHUTDOWN_TIMEOUT_MS + 2000 });
  onShutdown('usage', async () => {
    stopUsageMeter();
    await flushUsage();
  });
  onShutdown('flags', stopFlags);
  onShutdown('rate-limit', closeRateLimit);
  onShutdown('heartbeat', stopHeartbeat);
  onShutdown('ops-history', async () => stopOpsHistory());
  onShutdown('database', closeDb);
  onShutdown('sentry', () => flushSentry(2000));
  logger.info(
    {
      database: config.DATABASE_URL ? (config.DATABASE_DRIVER ?? 'pg') : 'pglite',
      rateLimit: config.rateLimitBackend,
      rateLimitFailMode: config.RATE_LIMIT_FAIL_MODE,
      sentry: Boolean(config.SENTRY_DSN),
      tracing: Boolean(config.OTEL_EXPORTER_OTLP_ENDPOINT),
      metrics: Boolean(config.METRICS_TOKEN),
      unleash: Boolean(config.UNLEASH_URL),
      environment: config.environment,
      mail: config.mailTransport,
      authDatabaseRole: config.DATABASE_AUTH_URL ? 'own' : 'shared',
      role: config.TIKA_ROLE,
    },
    'tika starting',
  );
  if (config.mailTransport === 'off')
    logger.warn(
      'mail is off (no SMTP_URL): password reset, email verification and email change are unavailable until SMTP_URL is set',
    );
  else if (config.mailTransport === 'log')
    logger.info('mail goes to this log and the dev inbox (/dev/inbox), not to recipients: set SMTP_URL to send it');
  if (config.DATABASE_URL && !config.DATABASE_AUTH_URL)
    logger.warn(
      'DATABASE_AUTH_URL is not set: the auth library shares the runtime role, which can therefore read password hashes and session tokens (docs/security.md)',
    );
}
