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
  };
}
