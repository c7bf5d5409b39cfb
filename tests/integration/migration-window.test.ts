import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateWindow, readDatabaseState, readManifest } from '../../scripts/schema-window.mjs';
import { sql } from 'drizzle-orm';
import { closeDb, setDbHandle } from '../../src/server/db/client';
import { resetEnv } from '../../src/server/env';
import { openPglite } from '../../src/server/db/drivers/pglite';
import { readiness } from '../../src/server/health';
import { contractMigration, expandMigration, migrationsBuild, repoMigrations } from '../support/migration-builds';

// Builds N → N+1 (expand: a new nullable column) → N+2 (contract: drops it, since N+1) migrating one embedded
// database with the real migrate step, and what each build then says about it — the rule readiness, check-schema,
// the compose migrate service and the Helm hook share (scripts/schema-window.mjs).
const run = promisify(execFile);
const script = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'migrate.mjs');
const dataDir = mkdtempSync(path.join(tmpdir(), 'tika-window-'));
const buildN = repoMigrations;
const buildN1 = migrationsBuild([expandMigration]);
const buildN2 = migrationsBuild([expandMigration, contractMigration]);
afterAll(() => [dataDir, buildN1, buildN2].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function migrateWith(folder: string): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MIGRATIONS_DIR: folder,
    PGLITE_DATA_DIR: dataDir,
    DATABASE_DRIVER: 'pglite',
  };
  delete env.DATABASE_URL;
  delete env.DATABASE_OWNER_URL;
  try {
    const { stdout, stderr } = await run(process.execPath, [script], { env });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

async function withMigrations<T>(folder: string, work: () => Promise<T>): Promise<T> {
  const previous = process.env.MIGRATIONS_DIR;
  process.env.MIGRATIONS_DIR = folder;
  resetEnv(); // the validated configuration is cached: read MIGRATIONS_DIR again
  try {
    return await work();
  } finally {
    if (previous === undefined) delete process.env.MIGRATIONS_DIR;
    else process.env.MIGRATIONS_DIR = previous;
    resetEnv();
  }
}

/** What builds N, N+1 and N+2 each say about the database as it is now. */
async function windows() {
  const client = await PGlite.create(dataDir);
  try {
    const state = await readDatabaseState((text) => client.query<Record<string, unknown>>(text));
    const of = (folder: string) => evaluateWindow(readManifest(folder), state.applied, state.recorded);
    return { n: of(buildN), n1: of(buildN1), n2: of(buildN2) };
  } finally {
    await client.close();
  }
}

// Each case runs the migrate script as a child process (a fresh PGlite each time) and opens the data directory
// again to read its state: 20 s per step on a 2-core machine shared by a whole team (60 s timed out in a full
// `npm test` at load average 20). Time is not what these cases test.
describe('expand/contract across three builds on one database', () => {
  it('N migrates; N+1 adds its expand migration and N still runs on it, even migrating again (a rollback)', async () => {
    expect((await migrateWith(buildN)).code).toBe(0);
    let now = await windows();
    expect(now.n).toMatchObject({ status: 'current', ok: true });
    expect(now.n1).toMatchObject({ status: 'pending', ok: false, pending: [expandMigration.tag] });

    const upgrade = await migrateWith(buildN1);
    expect(upgrade).toMatchObject({ code: 0 });
    expect(upgrade.output).toMatch(/\b1 applied/);
    now = await windows();
    expect(now.n1).toMatchObject({ status: 'current', ok: true });
    expect(now.n).toMatchObject({ status: 'ahead', ok: true, ahead: [expandMigration.tag] });
    const rollback = await migrateWith(buildN);
    expect(rollback.code).toBe(0);
    expect(rollback.output).toMatch(/ahead of this build by 1 migration it tolerates/);
  }, 240_000);

  it("N's readiness: ready on the expanded schema, not ready once an unknown migration is applied", async () => {
    const handle = await withMigrations(buildN, () =>
      openPglite({ driver: 'pglite', dataDir, poolMax: 1, authPoolMax: 1 }),
    );
    setDbHandle(handle);
    try {
      const ready = await withMigrations(buildN, readiness);
      const body = (await ready.json()) as { status: string; checks: { database: { detail?: string } } };
      expect(ready.status).toBe(200);
      expect(body.checks.database.detail).toMatch(/ahead of this build by 1 migration it tolerates/);
      // As the embedded superuser: a migration some other build applied without recording its kind.
      await handle.db.execute(sql`reset role`);
      await handle.db.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('x', 9999999999999)`,
      );
      await handle.db.execute(sql`set role tika_embedded`);
      const refused = await readiness();
      expect(refused.status).toBe(503);
      expect(JSON.stringify(await refused.json())).toMatch(/newer than this build: .*without a recorded kind/);
      await handle.db.execute(sql`reset role`);
      await handle.db.execute(sql`delete from drizzle.__drizzle_migrations where hash = 'x'`);
    } finally {
      await closeDb();
    }
  }, 240_000);

  it('N+2 applies its contract migration: N+1 still runs on it, N is refused by migrate and by the app', async () => {
    expect((await migrateWith(buildN2)).code).toBe(0);
    const now = await windows();
    expect(now.n2).toMatchObject({ status: 'current', ok: true });
    expect(now.n1).toMatchObject({ status: 'ahead', ok: true });
    expect(now.n).toMatchObject({ status: 'newer', ok: false });

    const refused = await migrateWith(buildN);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/newer than this build: 9002_drop_ticket_estimate is applied/);

    const open = () => openPglite({ driver: 'pglite', dataDir, poolMax: 1, authPoolMax: 1 });
    await expect(withMigrations(buildN, open)).rejects.toThrow(/newer than this build/);
    await (await withMigrations(buildN1, open)).close();
  }, 240_000);
});
