import 'server-only';
import { Pool, neonConfig } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
import ws from 'ws';
import { env } from '../../env';
import * as schema from '../schema';
import { runtimePoolOptions, type DbConfig } from '../config';
import type { Database, DbHandle } from '../client';

// The WebSocket Pool, not neon-http: only it has interactive transactions, which the tenant setting needs.
export async function openNeon(config: DbConfig): Promise<DbHandle> {
  if (!config.url) throw new Error('DATABASE_URL is required when DATABASE_DRIVER=neon');
  if (typeof WebSocket === 'undefined') neonConfig.webSocketConstructor = ws;
  const proxy = env().NEON_WS_PROXY;
  if (proxy) {
    // Local proxy (tests, self-run Neon-compatible setups): plain ws, no pipelining through the proxy.
    neonConfig.webSocketConstructor = ws;
    neonConfig.wsProxy = (host, port) => `${proxy}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool(runtimePoolOptions(config));
  pool.on('error', () => undefined);
  const db = drizzle({ client: pool, schema });
  return {
    db: db as unknown as Database,
    driver: 'neon',
    poolStats: () => ({ active: pool.totalCount - pool.idleCount, waiting: pool.waitingCount, max: config.poolMax }),
    // The queue speaks plain TCP PostgreSQL to the same database (Neon accepts both).
    queue: { kind: 'server', url: config.url },
    close: () => pool.end(),
  };
}
