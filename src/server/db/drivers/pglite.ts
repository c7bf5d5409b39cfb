import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from '../schema';
import type { DbConfig } from '../config';
import type { Database, DbHandle } from '../client';
import { migrationsFolder } from '../migrations-folder';
import { lockDataDir } from './data-dir-lock';

// The embedded mode: one in-process Postgres, migrated at open. PGlite's only user is a superuser, so after
// migrating we drop to an unprivileged role for the whole session — requests SET ROLE tika_app inside their
// transaction, and nothing (auth library included) ever runs with superuser rights.
export async function openPglite(config: DbConfig): Promise<DbHandle> {
  const inMemory = config.dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(config.dataDir, { recursive: true });
  const release = inMemory ? () => undefined : lockDataDir(config.dataDir);
  const client = await PGlite.create(config.dataDir).catch((error: unknown) => {
    release();
    throw error;
  });
  const db = drizzle({ client, schema });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  // The session role outside request transactions: the auth library's tables (tika_auth) and the lookups
  // (tika_app) — what a server deployment's runtime login role gets from `npm run db:migrate`.
  await client.exec(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tika_embedded') THEN CREATE ROLE tika_embedded NOLOGIN NOBYPASSRLS; END IF;
    END $$;
    GRANT tika_app, tika_auth TO tika_embedded;
    SET ROLE tika_embedded;
  `);
  return {
    db: db as unknown as Database,
    driver: 'pglite',
    poolStats: () => ({ active: 1, waiting: 0, max: 1 }),
    // Same in-process database: NOTIFY from any transaction is delivered here after its commit.
    listen: async (channel, onPayload) => client.listen(channel, onPayload),
    close: async () => {
      await client.close();
      release();
    },
  };
}
