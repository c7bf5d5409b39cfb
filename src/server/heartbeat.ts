import 'server-only';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { beat, forget } from './db/instances';
import { env } from './env';
import { logger } from './logger';
import { memoryLimitBytes } from './memory-limit';

// This process's heartbeat in the `instances` table, every 30 s: the doctor counts replicas from it (rate limits
// must be shared once there are two) and the operations page lists them. Best effort: a database that is down
// stops the beats, and readiness already says so.

const INTERVAL_MS = 30_000;
const stateKey = Symbol.for('tika.heartbeat');
type State = { id: string; startedAt: Date; timer?: NodeJS.Timeout };
const state: State = ((globalThis as { [stateKey]?: State })[stateKey] ??= {
  id: randomUUID(),
  startedAt: new Date(),
});

export const instanceId = () => state.id;

function details(): Record<string, unknown> {
  const config = env();
  return {
    pid: process.pid,
    node: process.versions.node,
    rateLimitBackend: config.rateLimitBackend,
    rateLimitFailMode: config.RATE_LIMIT_FAIL_MODE,
    poolMax: config.DATABASE_POOL_MAX,
    // The auth library's own pool (DATABASE_AUTH_URL), 0 when it shares the runtime pool.
    authPoolMax: config.DATABASE_AUTH_URL ? config.DATABASE_AUTH_POOL_MAX : 0,
    memoryLimitBytes: memoryLimitBytes(),
    sentry: Boolean(config.SENTRY_DSN),
    metrics: Boolean(config.METRICS_TOKEN),
    tracing: Boolean(config.OTEL_EXPORTER_OTLP_ENDPOINT),
    unleash: Boolean(config.UNLEASH_URL),
  };
}

export async function beatOnce(): Promise<void> {
  await beat({
    id: state.id,
    hostname: os.hostname(),
    version: env().TIKA_VERSION ?? null,
    startedAt: state.startedAt,
    details: details(),
  });
}

let lastFailure = 0;
export function startHeartbeat(): void {
  if (state.timer) return;
  const tick = () =>
    beatOnce().catch((error: unknown) => {
      if (Date.now() - lastFailure < 300_000) return;
      lastFailure = Date.now();
      logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'heartbeat failed');
    });
  void tick();
  state.timer = setInterval(() => void tick(), INTERVAL_MS);
  state.timer.unref();
}

export async function stopHeartbeat(): Promise<void> {
  if (state.timer) clearInterval(state.timer);
  state.timer = undefined;
  await forget(state.id);
}
