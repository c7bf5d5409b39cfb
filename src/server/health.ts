import 'server-only';
import { sql } from 'drizzle-orm';
import {
  evaluateWindow,
  readDatabaseState,
  readManifest,
  type ManifestEntry,
  type WindowResult,
} from '../../scripts/schema-window.mjs';
import { authDbIsSeparate, getAuthDb, getDb } from './db/client';
import { migrationsFolder } from './db/migrations-folder';
import { flagsHealth } from './flags';
import { rateLimitHealth } from './rate-limit';
import { isDraining } from './shutdown';

type Check = { status: 'ok' | 'down'; latencyMs: number; detail?: string };
const CHECK_TIMEOUT_MS = 2000;

/** The process answers. Nothing else: a liveness probe that checks dependencies restarts healthy pods. */
export async function liveness(): Promise<Response> {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}

// This build's migrations and their kinds: read once (the folder ships with the build and does not change).
let manifest: ManifestEntry[] | undefined;
function buildManifest(): ManifestEntry[] {
  return (manifest ??= readManifest(migrationsFolder()));
}

/**
 * Is the database's schema inside this build's compatibility window (docs/migrations.md)? The same rule as
 * scripts/check-schema.mjs and the migrate step: pending expand migrations or an applied migration this build does
 * not tolerate take the instance out of the Service; newer expand migrations (a rolling upgrade in progress, or a
 * rollback after one) do not.
 */
export async function schemaWindow(): Promise<WindowResult> {
  const db = await getDb();
  const query = async (text: string) =>
    (await db.execute(sql.raw(text))) as unknown as { rows: Record<string, unknown>[] };
  const { applied, recorded } = await readDatabaseState(query);
  return evaluateWindow(buildManifest(), applied, recorded);
}

async function databaseCheck(): Promise<Check> {
  const started = performance.now();
  try {
    const window = await schemaWindow();
    const latencyMs = Math.round(performance.now() - started);
    if (!window.ok) return { status: 'down', latencyMs, detail: window.message };
    return { status: 'ok', latencyMs, ...(window.status === 'ahead' ? { detail: window.message } : {}) };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      detail: error instanceof Error ? error.message.split('\n')[0] : 'unreachable',
    };
  }
}

/** The auth library's own login role (DATABASE_AUTH_URL), when it has one: without it nobody can sign in. */
async function authDatabaseCheck(): Promise<Check | null> {
  if (!authDbIsSeparate()) return null;
  return timed(async () => {
    const db = await getAuthDb();
    await db.execute(sql`select 1 from public.sessions limit 0`);
    return { ok: true };
  });
}

async function timed(work: () => Promise<{ ok: boolean; detail?: string } | null>): Promise<Check | null> {
  const started = performance.now();
  const outcome = await Promise.race([
    work().catch((error: unknown) => ({
      ok: false,
      detail: error instanceof Error ? error.message.split('\n')[0] : 'failed',
    })),
    new Promise<{ ok: false; detail: string }>((resolve) =>
      setTimeout(
        () => resolve({ ok: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }),
        CHECK_TIMEOUT_MS,
      ).unref(),
    ),
  ]);
  if (!outcome) return null;
  const latencyMs = Math.round(performance.now() - started);
  return { status: outcome.ok ? 'ok' : 'down', latencyMs, ...(outcome.detail ? { detail: outcome.detail } : {}) };
}

export interface ReadinessReport {
  status: 'ok' | 'degraded' | 'unhealthy';
  checks: Record<string, Check>;
}

/**
 * Ready to serve: the database answers and its schema matches this build (required), plus the rate-limit store
 * and Unleash when configured (optional: when one is down the instance still serves — fail mode, last known
 * flags — so it is `degraded`, 200). `unhealthy` (503) when the database is down or the instance is draining.
 */
export async function readinessReport(): Promise<ReadinessReport> {
  const [database, rateLimit, flags, authDatabase] = await Promise.all([
    Promise.race([
      databaseCheck(),
      new Promise<Check>((resolve) =>
        setTimeout(
          () => resolve({ status: 'down', latencyMs: CHECK_TIMEOUT_MS, detail: 'no answer' }),
          CHECK_TIMEOUT_MS,
        ).unref(),
      ),
    ]),
    timed(async () => {
      const health = await rateLimitHealth();
      return health && { ok: health.ok, detail: health.ok ? health.name : `${health.name}: ${health.detail}` };
    }),
    timed(flagsHealth),
    authDatabaseCheck(),
  ]);
  const checks: Record<string, Check> = { database };
  if (authDatabase) checks.authDatabase = authDatabase;
  if (rateLimit) checks.rateLimit = rateLimit;
  if (flags) checks.unleash = flags;
  if (isDraining())
    checks.shutdown = { status: 'down', latencyMs: 0, detail: 'draining: this instance is shutting down' };
  const unhealthy = database.status !== 'ok' || (authDatabase !== null && authDatabase.status !== 'ok') || isDraining();
  const degraded = Object.values(checks).some((check) => check.status !== 'ok');
  return { status: unhealthy ? 'unhealthy' : degraded ? 'degraded' : 'ok', checks };
}

export async function readiness(): Promise<Response> {
  const { status, checks } = await readinessReport();
  return Response.json(
    { status, checks },
    { status: status === 'unhealthy' ? 503 : 200, headers: { 'cache-control': 'no-store' } },
  );
}

/** The same verdict for /api/metrics (health_ready, health_check_up{check}). */
export async function readinessSample(): Promise<{ ready: boolean; checks: Record<string, boolean> }> {
  const { status, checks } = await readinessReport();
  const names: Record<string, string> = { database: 'database', rateLimit: 'rate_limit', unleash: 'unleash' };
  return {
    ready: status !== 'unhealthy',
    checks: Object.fromEntries(
      Object.entries(checks)
        .filter(([name]) => name in names)
        .map(([name, check]): [string, boolean] => [names[name] ?? name, check.status === 'ok']),
    ),
  };
}
