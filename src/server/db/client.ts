import 'server-only';
import type { PGlite } from '@electric-sql/pglite';
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
   * one dedicated client that reconnects (and says so: streams then tell browsers to resync); absent on Neon
   * (serverless: clients poll instead).
   */
  listen?(
    channel: string,
    onPayload: (payload: string) => void,
    /** Called after the LISTEN connection came back: notifications sent while it was away are lost. */
    onReconnect?: () => void,
  ): Promise<() => Promise<void>>;
  /**
   * What the job queue (src/server/jobs) connects through: the embedded instance itself (one connection, shared),
   * or the server's runtime URL, on which the queue keeps a small pool of its own.
   */
  queue: { kind: 'embedded'; client: PGlite } | { kind: 'server'; url: string };
  close(): Promise<void>;
}

/**
 * Infrastructure that must be up whenever the database is: the job queue. A hook runs after the database opens
 * and before anyone receives the handle, so nothing can open a transaction before it is ready (on the embedded
 * database a transaction holds the only connection: an enqueue waiting inside it for the queue to start would
 * wait forever). `close` hooks run before the database closes, in reverse order.
 */
export interface DbLifecycleHook {
  name: string;
  open(handle: DbHandle): Promise<void>;
  close(): Promise<void>;
}
const hooksKey = Symbol.for('tika.db.hooks');
const lifecycleHooks: DbLifecycleHook[] = ((globalThis as { [hooksKey]?: DbLifecycleHook[] })[hooksKey] ??= []);

/** Registers a hook once per name; it applies to handles opened from now on. */
export function onDatabaseLifecycle(hook: DbLifecycleHook): void {
  const index = lifecycleHooks.findIndex((h) => h.name === hook.name);
  if (index >= 0) lifecycleHooks[index] = hook;
  else lifecycleHooks.push(hook);
}

async function openWithHooks(config: DbConfig): Promise<DbHandle> {
  const handle = await openDatabase(config);
  const opened: DbLifecycleHook[] = [];
  try {
    for (const hook of lifecycleHooks) {
      await hook.open(handle);
      opened.push(hook);
    }
  } catch (error) {
    for (const hook of opened.reverse()) await hook.close().catch(() => undefined);
    await handle.close().catch(() => undefined);
    throw error;
  }
  const close = handle.close;
  return {
    ...handle,
    close: async () => {
      for (const hook of [...opened].reverse()) await hook.close().catch(() => undefined);
      await close();
    },
  };
}

// One handle per process, kept on globalThis so dev reloads and route bundles share it.
const globalKey = Symbol.for('tika.db');
type Holder = { [globalKey]?: Promise<DbHandle> };

export function getDbHandle(): Promise<DbHandle> {
  const holder = globalThis as Holder;
  holder[globalKey] ??= openWithHooks(dbConfigFromEnv()).catch((error: unknown) => {
    delete holder[globalKey];
    throw error;
  });
  return holder[globalKey];
}

export async function getDb(): Promise<Database> {
  return (await getDbHandle()).db;
}

// The auth library's connection. On a database server with DATABASE_AUTH_URL it is a pool of its own, logged in
// as a role that is a member of tika_auth — and the runtime role of getDb() is not, so SQL run as the runtime role
// (an injection in tenant code) cannot reach password hashes or session tokens. Without DATABASE_AUTH_URL, and
// always on the embedded database (one in-process connection), it is the same handle as getDb().
const authKey = Symbol.for('tika.db.auth');
type AuthHolder = { [authKey]?: Promise<DbHandle> };

export function getAuthDbHandle(): Promise<DbHandle> {
  const config = dbConfigFromEnv();
  if (!config.authUrl || config.driver === 'pglite') return getDbHandle();
  const holder = globalThis as AuthHolder;
  holder[authKey] ??= openDatabase({ ...config, url: config.authUrl, poolMax: config.authPoolMax }).catch(
    (error: unknown) => {
      delete holder[authKey];
      throw error;
    },
  );
  return holder[authKey];
}

export async function getAuthDb(): Promise<Database> {
  return (await getAuthDbHandle()).db;
}

/** Whether the auth library has a connection of its own (a separate login role). */
export function authDbIsSeparate(): boolean {
  const config = dbConfigFromEnv();
  return Boolean(config.authUrl) && config.driver !== 'pglite';
}

export async function closeDb(): Promise<void> {
  const holder = globalThis as Holder & AuthHolder;
  const pending = [holder[globalKey], holder[authKey]];
  delete holder[globalKey];
  delete holder[authKey];
  for (const handle of pending) if (handle) await (await handle).close();
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
