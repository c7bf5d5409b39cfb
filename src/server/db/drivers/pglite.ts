import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from '../schema';
import type { DbConfig } from '../config';
import type { Database, DbHandle } from '../client';
import { migrationsFolder } from '../migrations-folder';

// The embedded mode: one in-process Postgres, migrated at open. PGlite's only user is a superuser, so after
// migrating we drop to tika_app for the whole session — requests then SET ROLE again inside their transaction,
// and nothing (auth library included) ever runs with superuser rights.
export async function openPglite(config: DbConfig): Promise<DbHandle> {
  if (!config.dataDir.startsWith('memory://')) mkdirSync(config.dataDir, { recursive: true });
  const client = await PGlite.create(config.dataDir);
  const db = drizzle({ client, schema });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  await client.exec('SET ROLE tika_app');
  return {
    db: db as unknown as Database,
    driver: 'pglite',
    activeConnections: () => 1,
    // Same in-process database: NOTIFY from any transaction is delivered here after its commit.
    listen: async (channel, onPayload) => client.listen(channel, onPayload),
    close: () => client.close(),
  };
}
