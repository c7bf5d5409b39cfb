import 'server-only';
import { getBreaker } from './breaker';
import { AppError } from './errors';
import { env, type LimitSpec } from './env';
import { logger } from './logger';
import { metrics } from './metrics';

// Rate limits: per workspace on /api/v1 (by plan), per client IP on sign-in, sign-up and the token-issuing
// endpoints, and per account on sign-in. Three backends behind one interface, chosen by RATE_LIMIT_BACKEND:
//   memory  — one process (the embedded default); counts are per replica
//   redis   — any Redis-protocol server over ioredis, one atomic Lua script per check; holds across replicas
//   upstash — @upstash/ratelimit over the Upstash REST API (serverless hosting)
// When the backend cannot answer, RATE_LIMIT_FAIL_MODE decides: open lets the request through, closed refuses
// it with 503. Either way it is logged and counted, and it is never a 500.

export interface Decision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

interface Backend {
  name: 'memory' | 'redis' | 'upstash';
  hit(scope: string, id: string, spec: LimitSpec): Promise<Decision>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const bucketOf = (spec: LimitSpec, now: number) => Math.floor(now / spec.windowMs);

function memoryBackend(): Backend {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    name: 'memory',
    async hit(scope, id, spec) {
      const now = Date.now();
      const resetAt = (bucketOf(spec, now) + 1) * spec.windowMs;
      const key = `${scope}:${id}`;
      let entry = windows.get(key);
      if (!entry || entry.resetAt !== resetAt) {
        entry = { count: 0, resetAt };
        windows.set(key, entry);
        if (windows.size > 50_000) for (const [k, v] of windows) if (v.resetAt <= now) windows.delete(k);
      }
      entry.count++;
      return {
        allowed: entry.count <= spec.limit,
        limit: spec.limit,
        remaining: Math.max(0, spec.limit - entry.count),
        resetMs: resetAt - now,
      };
    },
    async ping() {},
    async close() {},
  };
}

// Fixed window aligned on the clock, so every replica counts into the same key. INCR and PEXPIRE in one script.
const FIXED_WINDOW_LUA = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

async function redisBackend(url: string): Promise<Backend> {
  const { default: Redis } = await import('ioredis');
  const client = new Redis(url, {
    // Fail fast: a check must not wait for a reconnect; the fail mode applies instead.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    lazyConnect: false,
  });
  let lastLogged = 0;
  client.on('error', (error: Error) => {
    if (Date.now() - lastLogged < 10_000) return;
    lastLogged = Date.now();
    logger.warn({ err: { message: error.message } }, 'rate-limit redis unavailable');
  });
  client.defineCommand('tikaFixedWindow', { numberOfKeys: 1, lua: FIXED_WINDOW_LUA });
  const run = client as unknown as { tikaFixedWindow(key: string, windowMs: number): Promise<number> };
  // After 5 failed checks in a row, stop asking for 5 s: the fail mode applies at once instead of after a timeout.
  const breaker = getBreaker('redis', { failures: 5, openMs: 5_000 });
  return {
    name: 'redis',
    async hit(scope, id, spec) {
      const now = Date.now();
      const bucket = bucketOf(spec, now);
      const count = Number(
        await breaker.execute(() => run.tikaFixedWindow(`tika:rl:${scope}:${id}:${bucket}`, spec.windowMs)),
      );
      return {
        allowed: count <= spec.limit,
        limit: spec.limit,
        remaining: Math.max(0, spec.limit - count),
        resetMs: (bucket + 1) * spec.windowMs - now,
      };
    },
    async ping() {
      await client.ping();
    },
    async close() {
      client.disconnect();
    },
  };
}

async function upstashBackend(url: string, token: string): Promise<Backend> {
  const [{ Ratelimit }, { Redis }] = await Promise.all([import('@upstash/ratelimit'), import('@upstash/redis')]);
  // No retries and no library timeout: a failure must reach us so the configured fail mode applies
  // (the library's own timeout would silently let requests through).
  const redis = new Redis({ url, token, retry: false, enableTelemetry: false });
  const limiters = new Map<string, InstanceType<typeof Ratelimit>>();
  const breaker = getBreaker('upstash', { failures: 5, openMs: 5_000, timeoutMs: 2_000 });
  const limiter = (scope: string, spec: LimitSpec) => {
    const key = `${scope}:${spec.limit}:${spec.windowMs}`;
    let found = limiters.get(key);
    if (!found) {
      found = new Ratelimit({
        redis,
        limiter: Ratelimit.fixedWindow(spec.limit, `${spec.windowMs} ms`),
        prefix: `tika:rl:${scope}`,
        analytics: false,
        timeout: 0,
        ephemeralCache: false,
      });
      limiters.set(key, found);
    }
    return found;
  };
  return {
    name: 'upstash',
    async hit(scope, id, spec) {
      const result = await breaker.execute(() => limiter(scope, spec).limit(id));
      return {
        allowed: result.success,
        limit: result.limit,
        remaining: Math.max(0, result.remaining),
        resetMs: Math.max(0, result.reset - Date.now()),
      };
    },
    async ping() {
      await redis.ping();
    },
    async close() {},
  };
}

const backendKey = Symbol.for('tika.rateLimit');
type Holder = { [backendKey]?: { backend: Promise<Backend | null>; failedAt?: number } };
/** A backend that failed to start is tried again after this long (not on every request). */
const RESTART_AFTER_MS = 5_000;

/**
 * The configured backend, created once (at boot for Redis: connect early, not on the first request). Null only when
 * rate limiting is off. A backend that cannot even start rejects — the caller applies RATE_LIMIT_FAIL_MODE — and is
 * created again on a call after RESTART_AFTER_MS, so a failure at start is neither permanent nor silently open.
 */
export function rateLimitBackend(): Promise<Backend | null> {
  const holder = globalThis as Holder;
  const current = holder[backendKey];
  if (current && !(current.failedAt && Date.now() - current.failedAt > RESTART_AFTER_MS)) return current.backend;
  const entry: NonNullable<Holder[typeof backendKey]> = { backend: createBackend() };
  entry.backend.catch((error: unknown) => {
    entry.failedAt = Date.now();
    logger.error(
      { backend: env().rateLimitBackend, err: { message: error instanceof Error ? error.message : String(error) } },
      'rate-limit backend could not start; applying the fail mode until it does',
    );
  });
  holder[backendKey] = entry;
  return entry.backend;
}

async function createBackend(): Promise<Backend | null> {
  const config = env();
  switch (config.rateLimitBackend) {
    case 'off':
      return null;
    case 'redis':
      return redisBackend(config.REDIS_URL!);
    case 'upstash':
      return upstashBackend(config.UPSTASH_REDIS_REST_URL!, config.UPSTASH_REDIS_REST_TOKEN!);
    default:
      return memoryBackend();
  }
}

export async function closeRateLimit(): Promise<void> {
  const backend = await (globalThis as Holder)[backendKey]?.backend.catch(() => null);
  await backend?.close();
}

/** For tests: forget the backend so the next call creates it from the current environment. */
export function resetRateLimit(): void {
  delete (globalThis as Holder)[backendKey];
}

export type Plan = 'free' | 'pro' | 'enterprise';

export function planLimit(plan: string): LimitSpec {
  const config = env();
  if (plan === 'enterprise') return config.RATE_LIMIT_PLAN_ENTERPRISE;
  if (plan === 'pro') return config.RATE_LIMIT_PLAN_PRO;
  return config.RATE_LIMIT_PLAN_FREE;
}

export function rateLimitHeaders(decision: Decision): Record<string, string> {
  const reset = String(Math.max(1, Math.ceil(decision.resetMs / 1000)));
  return {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': reset,
    ...(decision.allowed ? {} : { 'Retry-After': reset }),
  };
}

let lastFailureLog = 0;

/** The backend is down or could not start: RATE_LIMIT_FAIL_MODE decides (open: let it through; closed: 503). */
function applyFailMode(scope: string, backendName: string, error: unknown): Record<string, string> {
  const mode = env().RATE_LIMIT_FAIL_MODE;
  metrics().rateLimitBackendErrors.inc({ backend: backendName, mode });
  if (Date.now() - lastFailureLog > 5_000) {
    lastFailureLog = Date.now();
    logger.warn(
      { backend: backendName, mode, err: { message: error instanceof Error ? error.message : String(error) } },
      'rate-limit backend unavailable; applying fail mode',
    );
  }
  if (mode === 'open') return {};
  metrics().rateLimitRejections.inc({ scope, reason: 'backend_unavailable' });
  throw new AppError('SERVICE_UNAVAILABLE', 'Rate limiting is temporarily unavailable; retry shortly', {
    headers: { 'Retry-After': '5' },
  });
}

/**
 * One check. Returns the headers to put on the response; throws a RATE_LIMITED (429) or, when the backend is
 * down (or could not even start) and the fail mode is closed, a SERVICE_UNAVAILABLE (503) AppError carrying those headers.
 */
export async function enforceLimit(
  scope: 'tenant' | 'auth' | 'tokens' | 'signin' | 'mail',
  id: string,
  spec: LimitSpec,
): Promise<Record<string, string>> {
  let backend: Backend | null;
  try {
    backend = await rateLimitBackend();
  } catch (error) {
    return applyFailMode(scope, env().rateLimitBackend, error);
  }
  if (!backend) return {};
  let decision: Decision;
  try {
    decision = await backend.hit(scope, id, spec);
  } catch (error) {
    return applyFailMode(scope, backend.name, error);
  }
  const headers = rateLimitHeaders(decision);
  if (!decision.allowed) {
    metrics().rateLimitRejections.inc({ scope, reason: 'limit' });
    throw new AppError(
      'RATE_LIMITED',
      `Too many requests: the limit is ${decision.limit} per ${Math.round(spec.windowMs / 1000)}s; retry after ${headers['Retry-After']}s`,
      { headers },
    );
  }
  return headers;
}

export async function rateLimitHealth(): Promise<{ name: string; ok: boolean; detail?: string } | null> {
  let backend: Backend | null;
  try {
    backend = await rateLimitBackend();
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : 'failed';
    return { name: env().rateLimitBackend, ok: false, detail: `could not start: ${detail}` };
  }
  if (!backend || backend.name === 'memory') return null;
  try {
    await backend.ping();
    return { name: backend.name, ok: true };
  } catch (error) {
    return {
      name: backend.name,
      ok: false,
      detail: error instanceof Error ? error.message.split('\n')[0] : 'unreachable',
    };
  }
}
