import 'server-only';
import { env, type Env } from '../env';

export type Driver = 'pglite' | 'pg' | 'neon';

export interface DbConfig {
  driver: Driver;
  /** Runtime connection (a role that is neither owner nor BYPASSRLS). Unused for pglite. */
  url?: string;
  /** Owner connection, for migrations only. */
  ownerUrl?: string;
  /** The auth library's own login role (member of tika_auth); unset: it shares `url`. Unused for pglite. */
  authUrl?: string;
  authPoolMax: number;
  /** PGlite data directory; 'memory://' keeps it in memory. */
  dataDir: string;
  poolMax: number;
  /** Longest wait for a pooled connection (then 503 SERVICE_UNAVAILABLE + Retry-After). */
  acquireTimeoutMs?: number;
  /** Server-side limits set on every runtime connection (0 = off); the runtime role has them as defaults too. */
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
}

/** node-postgres / Neon pool options for the runtime connections (acquire timeout and server-side limits). */
export function runtimePoolOptions(config: DbConfig) {
  return {
    connectionString: config.url,
    max: config.poolMax,
    connectionTimeoutMillis: config.acquireTimeoutMs ?? 2_000,
    statement_timeout: config.statementTimeoutMs ?? 10_000,
    lock_timeout: config.lockTimeoutMs ?? 5_000,
    idle_in_transaction_session_timeout: config.idleInTransactionTimeoutMs ?? 30_000,
  };
}

/** The database settings, from the validated configuration (src/server/env.ts). */
export function dbConfigFromEnv(config: Env = env()): DbConfig {
  const url = config.DATABASE_URL;
  return {
    driver: config.DATABASE_DRIVER ?? (url ? 'pg' : 'pglite'),
    url,
    ownerUrl: config.DATABASE_OWNER_URL,
    authUrl: config.DATABASE_AUTH_URL,
    authPoolMax: config.DATABASE_AUTH_POOL_MAX,
    dataDir: config.pgliteDataDir,
    poolMax: config.DATABASE_POOL_MAX,
    acquireTimeoutMs: config.DATABASE_POOL_ACQUIRE_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: config.DATABASE_LOCK_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}
