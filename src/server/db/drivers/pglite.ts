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
// migrating we drop to tika_app for the whole session — requests then SET ROLE again inside their transaction,
// and nothing (auth library included) ever runs with superuser rights.
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
  await client.exec('SET ROLE tika_app');
  return {
    db: db as unknown as Database,
    driver: 'pglite',
    activeConnections: () => 1,
    close: async () => {
      await client.close();
      release();
    },
  };
}
