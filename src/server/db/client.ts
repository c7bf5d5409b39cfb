import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { dbConfigFromEnv, type DbConfig } from './config';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface PoolStats {
  active: number;
  waiting: number;
  max: number;
}

export interface DbHandle {
  db: Database;
  driver: DbConfig['driver'];
  /**
   * The connection pool right now: connections checked out, requests queued for one (saturation), and the cap.
   * PGlite is one in-process connection: 1 / 0 / 1.
   */
  poolStats(): PoolStats;
  /**
   * LISTEN on a channel for the whole process (realtime fan-out). PGlite listens in-process; node-postgres holds
   * one dedicated client that reconnects; absent on Neon (serverless: clients poll instead).
   */
  listen?(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// One handle per process, kept on globalThis so dev reloads and route bundles share it.
const globalKey = Symbol.for('tika.db');
type Holder = { [globalKey]?: Promise<DbHandle> };

export function getDbHandle(): Promise<DbHandle> {
  const holder = globalThis as Holder;
  holder[globalKey] ??= openDatabase(dbConfigFromEnv()).catch((error: unknown) => {
    delete holder[globalKey];
    throw error;
  });
  return holder[globalKey];
}

export async function getDb(): Promise<Database> {
  return (await getDbHandle()).db;
}

export async function closeDb(): Promise<void> {
  const holder = globalThis as Holder;
  const pending = holder[globalKey];
  delete holder[globalKey];
  if (pending) await (await pending).close();
}

/** For tests and tools that manage their own handle. */
export function setDbHandle(handle: DbHandle): void {
  (globalThis as Holder)[globalKey] = Promise.resolve(handle);
}

export async function openDatabase(config: DbConfig): Promise<DbHandle> {
  switch (config.driver) {
    case 'pglite':
      return (await import('./drivers/pglite')).openPglite(config);
    case 'pg':
      return (await import('./drivers/node-postgres')).openNodePostgres(config);
    case 'neon':
      return (await import('./drivers/neon')).openNeon(config);
    default:
      throw new Error(`Unknown DATABASE_DRIVER "${String(config.driver)}" (expected pglite, pg or neon)`);
  }
}
