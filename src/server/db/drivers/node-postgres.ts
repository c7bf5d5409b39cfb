import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../schema';
import type { DbConfig } from '../config';
import type { Database, DbHandle } from '../client';

export async function openNodePostgres(config: DbConfig): Promise<DbHandle> {
  if (!config.url) throw new Error('DATABASE_URL is required when DATABASE_DRIVER=pg');
  const pool = new pg.Pool({ connectionString: config.url, max: config.poolMax, idleTimeoutMillis: 30_000 });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  const db = drizzle({ client: pool, schema });
  return {
    db: db as unknown as Database,
    driver: 'pg',
    activeConnections: () => pool.totalCount - pool.idleCount,
    close: () => pool.end(),
  };
}
