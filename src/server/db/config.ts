import { env, type Env } from '../env';

export type Driver = 'pglite' | 'pg' | 'neon';

export interface DbConfig {
  driver: Driver;
  /** Runtime connection (a role that is neither owner nor BYPASSRLS). Unused for pglite. */
  url?: string;
  /** Owner connection, for migrations only. */
  ownerUrl?: string;
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
    dataDir: config.pgliteDataDir,
    poolMax: config.DATABASE_POOL_MAX,
  };
}
