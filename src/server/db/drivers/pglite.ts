import 'server-only';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from '../schema';
import type { DbConfig } from '../config';
import type { Database, DbHandle } from '../client';
import { migrationsFolder } from '../migrations-folder';
import { lockDataDir } from './data-dir-lock';
import {
  evaluateWindow,
  grantWindowRead,
  readDatabaseState,
  readManifest,
  recordManifest,
} from '../../../../scripts/schema-window.mjs';

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
  // The compatibility window applies here too (docs/migrations.md): a data directory migrated by a newer Tika
  // is opened only when everything beyond this build is an expand migration.
  const manifest = readManifest(migrationsFolder());
  const query = (text: string) => client.query<Record<string, unknown>>(text);
  const state = await readDatabaseState(query);
  const window = evaluateWindow(manifest, state.applied, state.recorded);
  if (window.status === 'newer') {
    await client.close();
    release();
    throw new Error(window.message);
  }
  await recordManifest(query, manifest);
  await migrate(db, { migrationsFolder: migrationsFolder() });
  await grantWindowRead(query);
  // The session role outside request transactions: the auth library's tables (tika_auth), the lookups (tika_app)
  // and the job queue (tika_jobs) — what a server deployment's runtime login role gets from `npm run db:migrate`.
  await client.exec(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tika_embedded') THEN CREATE ROLE tika_embedded NOLOGIN NOBYPASSRLS; END IF;
    END $$;
    GRANT tika_app, tika_auth, tika_jobs TO tika_embedded;
    SET ROLE tika_embedded;
  `);
  return {
    db: db as unknown as Database,
    driver: 'pglite',
    poolStats: () => ({ active: 1, waiting: 0, max: 1 }),
    // Same in-process database: NOTIFY from any transaction is delivered here after its commit.
    listen: async (channel, onPayload) => client.listen(channel, onPayload),
    queue: { kind: 'embedded', client },
    close: async () => {
      await client.close();
      release();
    },
  };
}
