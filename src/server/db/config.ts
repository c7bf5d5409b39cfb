import path from 'node:path';

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

// Read straight from process.env (not the validated env module) so scripts and tests can use it without the app.
export function dbConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
  const url = env.DATABASE_URL || undefined;
  const driver = (env.DATABASE_DRIVER as Driver | undefined) ?? (url ? 'pg' : 'pglite');
  return {
    driver,
    url,
    ownerUrl: env.DATABASE_OWNER_URL || undefined,
    dataDir: env.PGLITE_DATA_DIR || path.join(process.cwd(), '.data', 'pglite'),
    poolMax: Number(env.DATABASE_POOL_MAX ?? 10),
  };
}
