import 'server-only';
import os from 'node:os';
import type { Unleash } from 'unleash-client';
import { getBreaker, CircuitOpenError } from './breaker';
import { AppError } from './errors';
import { env } from './env';
import { logger } from './logger';
import { metrics } from './metrics';
import type { TenantContext } from './context';
import { withTenant } from './db/tenant';
import { listWorkspaceFlags } from './db/workspace-flags';

// Feature flags. Evaluation order for one workspace:
//   1. the workspace's own override (set by its admins; product flags only — kill switches are the operator's)
//   2. Unleash, when UNLEASH_URL is set and it defines the flag (context: tenantId, userId, role, environment);
//      the client keeps the last state it fetched when Unleash is down, and its backup file covers a cold start
//   3. FLAG_<NAME>=on|off or FLAG_DEFAULTS="NAME=on,OTHER=off"
//   4. the built-in default below

export const flagDefinitions = {
  TICKET_COMMENTS: {
    kind: 'product',
    default: true,
    description: 'Comments on tickets (the comment endpoints answer 403 FEATURE_DISABLED when off)',
  },
  KANBAN_SWIMLANES: {
    kind: 'product',
    default: false,
    description: 'Swimlanes on the board view (read by the UI from GET /api/v1/flags)',
  },
  KILL_SWITCH_SEARCH: {
    kind: 'kill',
    default: false,
    description: 'When on, text search (`q`) on GET /tickets answers 503 SERVICE_UNAVAILABLE',
  },
  KILL_SWITCH_AUDIT_LOG: {
    kind: 'kill',
    default: false,
    description: 'When on, the audit-log listing answers 503 SERVICE_UNAVAILABLE',
  },
} as const;

export type FlagName = keyof typeof flagDefinitions;
export const flagNames = Object.keys(flagDefinitions) as FlagName[];
export const productFlags = flagNames.filter((name) => flagDefinitions[name].kind === 'product');
export type FlagSource = 'workspace' | 'unleash' | 'env' | 'default';

interface UnleashState {
  client: Unleash;
  lastOkAt: number;
  lastErrorAt: number;
  lastError?: string;
  ready: boolean;
}

const stateKey = Symbol.for('tika.flags');
type Holder = { [stateKey]?: Promise<UnleashState | null> };

/** Starts the Unleash client (at boot, so the first request already has flags). No-op without UNLEASH_URL. */
export function startFlags(): Promise<UnleashState | null> {
  const holder = globalThis as Holder;
  holder[stateKey] ??= (async () => {
    const config = env();
    if (!config.UNLEASH_URL) return null;
    const { Unleash } = await import('unleash-client');
    const fetches = unleashFetchGate(3000);
    const client = new Unleash({
      url: config.UNLEASH_URL,
      appName: config.UNLEASH_APP_NAME,
      environment: config.environment,
      refreshInterval: config.UNLEASH_REFRESH_MS,
      // Called before every fetch of the flags: while the breaker is open it throws, so no request leaves.
      customHeadersFunction: async () => {
        await fetches.begin();
        return { Authorization: config.UNLEASH_API_TOKEN! };
      },
      // The last fetched state is written here and read back when a cold start cannot reach Unleash.
      // No inline bootstrap: it would overwrite this file.
      backupPath: config.UNLEASH_BACKUP_PATH || os.tmpdir(),
      timeout: 3000,
      skipInstanceCountWarning: true,
    });
    const state: UnleashState = { client, lastOkAt: 0, lastErrorAt: 0, ready: false };
    client.on('ready', () => (state.ready = true));
    const fetched = () => {
      state.lastOkAt = Date.now();
      fetches.settle(null);
    };
    client.on('changed', fetched);
    client.on('unchanged', fetched);
    client.on('synchronized', fetched);
    client.on('warn', () => undefined);
    client.on('error', (error: Error) => {
      fetches.settle(error);
      const first = state.lastErrorAt <= state.lastOkAt;
      state.lastErrorAt = Date.now();
      state.lastError = error.message.split('\n')[0];
      if (first)
        logger.warn({ err: { message: state.lastError } }, 'unleash unreachable; keeping the last known flags');
    });
    return state;
  })();
  return holder[stateKey];
}

/**
 * The Unleash client polls on its own (make-fetch-happen inside), so its fetches cannot be wrapped in a call; this
 * gate puts each one through the 'unleash' circuit breaker all the same: begin() (from the client's headers hook,
 * right before the request) enters the breaker — it throws while the circuit is open, and the client skips that
 * fetch — and the client's next event settles it: changed/unchanged = success, error = failure, and no outcome
 * within the fetch timeout + 1 s (an HTTP error the client only warns about) = failure.
 */
function unleashFetchGate(fetchTimeoutMs: number) {
  const breaker = getBreaker('unleash', { failures: 3, openMs: 30_000 });
  let pending: { settle: (error: Error | null) => void } | null = null;
  return {
    begin(): Promise<void> {
      pending?.settle(new Error('superseded by the next fetch'));
      return new Promise<void>((permitted, refused) => {
        breaker
          .execute(
            () =>
              new Promise<void>((resolve, reject) => {
                const timer = setTimeout(() => settle(new Error('no answer from Unleash')), fetchTimeoutMs + 1000);
                timer.unref();
                const settle = (error: Error | null) => {
                  clearTimeout(timer);
                  if (pending === entry) pending = null;
                  if (error) reject(error);
                  else resolve();
                };
                const entry = { settle };
                pending = entry;
                permitted();
              }),
          )
          .catch((error: unknown) => {
            if (error instanceof CircuitOpenError) refused(error);
          });
      });
    },
    settle(error: Error | null): void {
      if (error instanceof CircuitOpenError) return;
      pending?.settle(error);
    },
  };
}

export async function stopFlags(): Promise<void> {
  const state = await (globalThis as Holder)[stateKey];
  state?.client.destroy();
}

// Workspace overrides, cached briefly per process; a write through PUT /flags clears this process's entry.
// On globalThis so that the flags route's invalidation reaches the cache the comment routes read (separate bundles).
const cacheKey = Symbol.for('tika.flags.overrides');
type CachedOverrides = { at: number; overrides: Partial<Record<FlagName, boolean>> };
type OverrideCache = Map<string, CachedOverrides>;
const processGlobals = globalThis as { [cacheKey]?: OverrideCache };
const overrideCache: OverrideCache = (processGlobals[cacheKey] ??= new Map<string, CachedOverrides>());
const OVERRIDE_TTL_MS = 5_000;

export function forgetWorkspaceFlags(tenantId: string): void {
  overrideCache.delete(tenantId);
}

async function workspaceOverrides(tenantId: string): Promise<Partial<Record<FlagName, boolean>>> {
  const cached = overrideCache.get(tenantId);
  if (cached && Date.now() - cached.at < OVERRIDE_TTL_MS) return cached.overrides;
  const rows = await withTenant(tenantId, (tx) => listWorkspaceFlags(tx));
  const overrides: Partial<Record<FlagName, boolean>> = {};
  for (const row of rows) if (row.flag in flagDefinitions) overrides[row.flag as FlagName] = row.enabled;
  if (overrideCache.size > 10_000) overrideCache.clear();
  overrideCache.set(tenantId, { at: Date.now(), overrides });
  return overrides;
}

export interface FlagValue {
  enabled: boolean;
  source: FlagSource;
}

function operatorValue(name: FlagName, ctx: TenantContext, unleash: UnleashState | null): FlagValue {
  const config = env();
  if (unleash?.client.getFeatureToggleDefinition(name)) {
    const enabled = unleash.client.isEnabled(name, {
      userId: ctx.actor.type === 'user' ? ctx.actor.id : undefined,
      environment: config.environment,
      remoteAddress: ctx.ip ?? undefined,
      properties: { tenantId: ctx.tenantId, role: ctx.role, actorType: ctx.actor.type },
    });
    return { enabled, source: 'unleash' };
  }
  if (name in config.flags) return { enabled: config.flags[name]!, source: 'env' };
  return { enabled: flagDefinitions[name].default, source: 'default' };
}

/** Every flag for this workspace and caller, with where its value came from. */
export async function evaluateFlags(ctx: TenantContext): Promise<Record<FlagName, FlagValue>> {
  const [unleash, overrides] = await Promise.all([startFlags().catch(() => null), workspaceOverrides(ctx.tenantId)]);
  const result = {} as Record<FlagName, FlagValue>;
  for (const name of flagNames) {
    const override = flagDefinitions[name].kind === 'product' ? overrides[name] : undefined;
    result[name] =
      override !== undefined ? { enabled: override, source: 'workspace' } : operatorValue(name, ctx, unleash);
    metrics().flagEvaluations.inc({ flag: name, result: String(result[name].enabled), source: result[name].source });
  }
  return result;
}

export async function isFlagEnabled(name: FlagName, ctx: TenantContext): Promise<boolean> {
  const unleash = await startFlags().catch(() => null);
  const override =
    flagDefinitions[name].kind === 'product' ? (await workspaceOverrides(ctx.tenantId))[name] : undefined;
  const value: FlagValue =
    override !== undefined ? { enabled: override, source: 'workspace' } : operatorValue(name, ctx, unleash);
  metrics().flagEvaluations.inc({ flag: name, result: String(value.enabled), source: value.source });
  return value.enabled;
}

/** For endpoints behind a product flag: off → 403 FEATURE_DISABLED, naming the flag. */
export async function assertFeature(name: FlagName, ctx: TenantContext): Promise<void> {
  if (!(await isFlagEnabled(name, ctx))) {
    throw new AppError('FEATURE_DISABLED', `The ${name} feature is turned off for this workspace`, {
      extra: { flag: name },
    });
  }
}

/** For expensive operations behind a kill switch: on → 503 SERVICE_UNAVAILABLE, naming the switch. */
export async function assertNotKilled(name: FlagName, ctx: TenantContext, what: string): Promise<void> {
  if (await isFlagEnabled(name, ctx)) {
    throw new AppError('SERVICE_UNAVAILABLE', `${what} is switched off for now (${name}); try again later`, {
      extra: { flag: name },
      headers: { 'Retry-After': '60' },
    });
  }
}

export async function flagsHealth(): Promise<{ ok: boolean; detail?: string } | null> {
  const state = await startFlags().catch(() => null);
  if (!state) return null;
  if (state.lastErrorAt > state.lastOkAt)
    return {
      ok: false,
      detail: `unreachable (serving ${state.ready ? 'last known' : 'default'} flags): ${state.lastError ?? ''}`.trim(),
    };
  if (!state.lastOkAt)
    return {
      ok: state.ready,
      detail: state.ready ? 'serving the backup file until the first fetch' : 'first fetch pending',
    };
  return { ok: true };
}
