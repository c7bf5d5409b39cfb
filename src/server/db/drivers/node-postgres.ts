import 'server-only';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../schema';
import { runtimePoolOptions, type DbConfig } from '../config';
import type { Database, DbHandle } from '../client';

export async function openNodePostgres(config: DbConfig): Promise<DbHandle> {
  if (!config.url) throw new Error('DATABASE_URL is required when DATABASE_DRIVER=pg');
  const pool = new pg.Pool({ ...runtimePoolOptions(config), idleTimeoutMillis: 30_000 });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  const db = drizzle({ client: pool, schema });
  return {
    db: db as unknown as Database,
    driver: 'pg',
    poolStats: () => ({ active: pool.totalCount - pool.idleCount, waiting: pool.waitingCount, max: config.poolMax }),
    listen: (channel, onPayload, onReconnect) =>
      listenWithDedicatedClient(config.url!, channel, onPayload, onReconnect),
    queue: { kind: 'server', url: config.url },
    close: () => pool.end(),
  };
}

/**
 * One long-lived connection outside the pool, only for LISTEN (a pooled connection would be handed to requests).
 * It reconnects after the server restarts, retrying every 0.25–2 s (one cheap connection attempt; realtime must
 * come back within seconds of the database). Notifications sent while it was down are lost, so every successful
 * reconnection calls onReconnect: the hub tells each open stream to resync, and browsers refetch.
 */
async function listenWithDedicatedClient(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onReconnect?: () => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let delay = 250;
  let connectedBefore = false;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: 'tika-realtime' });
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload) onPayload(message.payload);
    });
    const retry = () => {
      if (stopped || client !== next) return;
      client = null;
      next.removeAllListeners('error');
      next.on('error', () => undefined);
      next.end().catch(() => undefined);
      setTimeout(() => void connect().catch(() => undefined), delay).unref();
      delay = Math.min(delay * 2, 2_000);
    };
    next.on('error', retry);
    next.on('end', retry);
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.Client.prototype.escapeIdentifier(channel)}`);
      delay = 250;
      if (connectedBefore) onReconnect?.();
      connectedBefore = true;
    } catch {
      retry();
    }
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}
