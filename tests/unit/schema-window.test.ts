import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMigrations, destructiveStatements } from '../../scripts/check-migrations.mjs';
import { evaluateWindow, parseHeader, readManifest, type ManifestEntry } from '../../scripts/schema-window.mjs';
import { contractMigration, expandMigration, migrationsBuild, repoMigrations } from '../support/migration-builds';

const made: string[] = [];
const build = (extra: Parameters<typeof migrationsBuild>[0]) => {
  const dir = migrationsBuild(extra);
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const entry = (when: number, kind: ManifestEntry['kind'], extra: Partial<ManifestEntry> = {}): ManifestEntry => ({
  idx: when,
  tag: `000${when}_m`,
  when,
  kind,
  ...extra,
});

describe('migration kind header', () => {
  it('reads expand, contract since=… and baseline, and says what to write otherwise', () => {
    expect(parseHeader('-- tika-migration: expand\nALTER TABLE t ADD COLUMN x int;', 'x')).toEqual({ kind: 'expand' });
    expect(parseHeader('-- tika-migration: contract since=0006_a\nDROP TABLE t;', 'x')).toEqual({
      kind: 'contract',
      since: '0006_a',
    });
    expect(parseHeader('ALTER TABLE t ADD COLUMN x int;', '0007_x').error).toMatch(
      /0007_x\.sql declares no kind: add "-- tika-migration: expand"/,
    );
    expect(parseHeader('-- tika-migration: contract\nDROP TABLE t;', '0007_x').error).toMatch(/without since=<tag>/);
    expect(parseHeader('-- tika-migration: shrink', '0007_x').error).toMatch(/unknown kind "shrink"/);
  });

  it('every migration of this repository declares its kind', () => {
    const manifest = readManifest(repoMigrations);
    expect(manifest.length).toBeGreaterThanOrEqual(6);
    expect(manifest.every((m) => ['expand', 'contract', 'baseline'].includes(m.kind))).toBe(true);
  });

  it('a new migration without a header, a late baseline, or a since= naming no earlier migration is refused', () => {
    expect(() => readManifest(build([{ tag: '9001_x', sql: 'ALTER TABLE "tickets" ADD COLUMN "x" int;' }]))).toThrow(
      /9001_x\.sql declares no kind/,
    );
    expect(() => readManifest(build([{ tag: '9001_x', sql: '-- tika-migration: baseline\nSELECT 1;' }]))).toThrow(
      /only the first 6 migrations may/,
    );
    expect(() => readManifest(build([contractMigration]))).toThrow(/since=9001_ticket_estimate must name an EARLIER/);
    const dir = build([expandMigration, contractMigration]);
    const manifest = readManifest(dir);
    expect(manifest.at(-1)).toMatchObject({ kind: 'contract', sinceWhen: manifest.at(-2)!.when });
    writeFileSync(path.join(dir, '9999_stray.sql'), '-- tika-migration: expand\n');
    expect(() => readManifest(dir)).toThrow(/9999_stray\.sql is not in drizzle\/meta\/_journal\.json/);
  });
});

describe('compatibility window', () => {
  const n = [entry(1, 'baseline'), entry(2, 'expand')];
  const n1 = [...n, entry(3, 'expand', { tag: '0003_add' })];
  const n2 = [...n1, entry(4, 'contract', { tag: '0004_drop', since: '0003_add', sinceWhen: 3 })];
  const recorded = n2.map((m) => ({
    created_at: String(m.when),
    tag: m.tag,
    kind: m.kind,
    since_created_at: m.sinceWhen ? String(m.sinceWhen) : null,
  }));

  it('current, pending and ahead-by-expand', () => {
    expect(evaluateWindow(n, [1, 2], recorded)).toMatchObject({ status: 'current', ok: true, oldest: '0002_m' });
    expect(evaluateWindow(n1, ['1', '2'], recorded)).toMatchObject({
      status: 'pending',
      ok: false,
      pending: ['0003_add'],
    });
    const ahead = evaluateWindow(n, [1, 2, 3], recorded);
    expect(ahead).toMatchObject({ status: 'ahead', ok: true, ahead: ['0003_add'] });
    expect(ahead.message).toMatch(/tolerates \(0003_add: expand\)/);
  });

  it('a contract migration ends the window of builds that do not ship its since=, not of those that do', () => {
    const old = evaluateWindow(n, [1, 2, 3, 4], recorded);
    expect(old).toMatchObject({ status: 'newer', ok: false });
    expect(old.message).toMatch(/newer than this build: 0004_drop is applied and it is a contract migration/);
    expect(evaluateWindow(n1, [1, 2, 3, 4], recorded)).toMatchObject({ status: 'ahead', ok: true });
    expect(evaluateWindow(n2, [1, 2, 3, 4], recorded)).toMatchObject({ status: 'current', ok: true });
  });

  it("a build's own contract migration may still be pending; an unrecorded migration is never tolerated", () => {
    const result = evaluateWindow(n2, [1, 2, 3], recorded);
    expect(result).toMatchObject({ status: 'current', ok: true, oldest: '0003_add' });
    expect(result.message).toMatch(/0004_drop may still run/);
    expect(evaluateWindow(n, [1, 2, 99], recorded).message).toMatch(/without a recorded kind/);
  });
});

describe('destructive DDL in expand migrations (CI check)', () => {
  it("passes this repository's migrations", async () => {
    expect(await checkMigrations(repoMigrations)).toEqual([]);
  });

  it.each([
    ['ALTER TABLE "tickets" DROP COLUMN "title";', /drops column tickets\.title/],
    ['DROP TABLE "labels";', /drops a table/],
    ['DROP VIEW IF EXISTS v;', /drops a view/],
    ['DROP FUNCTION f();', /drops a function/],
    ['ALTER TABLE "tickets" RENAME COLUMN "title" TO "name";', /renames a column/],
    ['ALTER TABLE "tickets" RENAME TO "cards";', /renames a table/],
    ['ALTER TABLE "tickets" ALTER COLUMN "title" TYPE varchar(20);', /changes the type of tickets\.title from text/],
    ['ALTER TABLE "tickets" ALTER COLUMN "version" SET DATA TYPE smallint;', /changes the type of tickets\.version/],
    ['ALTER TABLE "tickets" ADD COLUMN "estimate" integer NOT NULL;', /NOT NULL without a default/],
    ['ALTER TABLE "tickets" ALTER COLUMN "description" SET NOT NULL;', /sets tickets\.description NOT NULL/],
    ['ALTER TABLE "tickets" ALTER COLUMN "priority" DROP DEFAULT;', /drops the default of tickets\.priority/],
    ['TRUNCATE "audit_log";', /truncates a table/],
    ['REVOKE SELECT ON "tickets" FROM tika_app;', /revokes a privilege/],
    ['DO $$ BEGIN ALTER TABLE tickets DROP COLUMN title; END $$;', /in its DO block, drops column tickets\.title/],
    ["DO $$ BEGIN EXECUTE 'DROP TABLE ' || 'x'; END $$;", /EXECUTEs dynamic SQL that looks destructive/],
  ])('flags %s', async (sql, problem) => {
    const [first] = await checkMigrations(build([{ tag: '9001_bad', sql: `-- tika-migration: expand\n${sql}\n` }]));
    expect(first).toMatch(problem);
    expect(first).toMatch(/9001_bad\.sql is declared expand but .*contract since=<tag>/);
  });

  it('passes additive DDL, widening, an allowed statement, and destructive DDL in a contract migration', async () => {
    const additive = [
      'ALTER TABLE "tickets" ADD COLUMN "estimate" integer;',
      'ALTER TABLE "tickets" ADD COLUMN "points" integer DEFAULT 0 NOT NULL;',
      'CREATE TABLE "drop_log" ("id" uuid PRIMARY KEY); -- DROP TABLE tickets in a comment',
      'CREATE INDEX CONCURRENTLY "tickets_estimate_idx" ON "tickets" ("estimate");',
      "COMMENT ON TABLE tickets IS 'we never DROP COLUMN here';",
      '-- tika-migration: allow created above in this release, never used by a build\nDROP FUNCTION tmp_helper();',
    ].join('\n--> statement-breakpoint\n');
    expect(await checkMigrations(build([{ tag: '9001_ok', sql: `-- tika-migration: expand\n${additive}\n` }]))).toEqual(
      [],
    );
    expect(await checkMigrations(build([expandMigration, contractMigration]))).toEqual([]);
    const widening = await destructiveStatements('ALTER TABLE t ALTER COLUMN c TYPE varchar(100);', {
      tables: { 'public.t': { columns: { c: { type: 'varchar(50)' } } } },
    });
    expect(widening).toEqual([]);
  });
});
