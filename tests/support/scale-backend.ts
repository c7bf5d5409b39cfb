import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startApp, tempDir, type App } from './procs';
import type { Query } from './scale-db';
import { SCALE_ADMIN_EMAIL, startScalePostgres } from './scale-setup';

// Where the isolation-at-scale run keeps its data: a throwaway PostgreSQL 15 (the app connects as the runtime
// role; the comparison reads as the cluster superuser, which row-level security does not bind), or the embedded
// PGlite (read after the app has stopped, as PGlite's only user, also a superuser).

export interface Backend {
  name: 'postgresql-15' | 'pglite';
  app: App;
  /** Stops the app (if still running) and hands a query function over the whole database to `work`. */
  inspect<T>(work: (query: Query) => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

const common = {
  BETTER_AUTH_SECRET: 'isolation-scale-secret-0123456789abcdef',
  // Hundreds of sign-ups and token creations from one loopback address: rate limiting is the ops suite's subject.
  RATE_LIMIT_BACKEND: 'off',
  LOG_LEVEL: 'warn',
  // The job worker runs in the app (TIKA_ROLE app): webhooks are delivered for real, to the suite's receiver on
  // 127.0.0.1 (allowed as a self-hoster would allow an internal target; every other private address stays refused).
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  JOBS_POLL_INTERVAL_MS: '500',
  // Setup runs the due-date reminders once, as the instance admin; no scheduled run adds notices during the run.
  JOBS_SCHEDULES: 'reminders.due-dates=off',
  TIKA_ADMIN_EMAILS: SCALE_ADMIN_EMAIL,
};

export async function startBackend(kind: string, pgPort?: number): Promise<Backend> {
  if (kind === 'pglite') {
    const dir = tempDir('iso-pglite');
    const dataDir = path.join(dir, 'pglite');
    const app = await startApp({ ...common, PGLITE_DATA_DIR: dataDir });
    return {
      name: 'pglite',
      app,
      async inspect(work) {
        await app.stop();
        const { PGlite } = await import('@electric-sql/pglite');
        const db = await PGlite.create(dataDir);
        try {
          return await work(async (sql) => (await db.query<Record<string, unknown>>(sql)).rows);
        } finally {
          await db.close();
        }
      },
      async stop() {
        await app.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const db = await startScalePostgres(pgPort);
  let app: App;
  try {
    app = await startApp({
      ...common,
      DATABASE_URL: db.runtimeUrl,
      DATABASE_AUTH_URL: db.authUrl,
      DATABASE_DRIVER: 'pg',
    });
  } catch (error) {
    db.stop();
    throw error;
  }
  return {
    name: 'postgresql-15',
    app,
    async inspect(work) {
      const client = new pg.Client({ connectionString: db.superUrl });
      await client.connect();
      try {
        return await work(async (sql) => (await client.query(sql)).rows);
      } finally {
        await client.end();
      }
    },
    async stop() {
      await app.stop();
      db.stop();
      rmSync(db.dir, { recursive: true, force: true });
    },
  };
}
