import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Builds N, N+1, N+2 of the migrations folder for the expand/contract tests: N is this repository's drizzle/,
// N+1 adds an expand migration (a nullable column), N+2 a contract one removing it again "since" N+1.
export const repoMigrations = path.resolve(import.meta.dirname, '..', '..', 'drizzle');

export function migrationsBuild(extra: { tag: string; sql: string }[], from = repoMigrations): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tika-migrations-'));
  cpSync(from, dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as {
    entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
  };
  for (const migration of extra) {
    const last = journal.entries.at(-1)!;
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: migration.tag });
    writeFileSync(path.join(dir, `${migration.tag}.sql`), migration.sql);
  }
  writeFileSync(journalFile, JSON.stringify(journal, null, 2));
  return dir;
}

export const expandTag = '9001_ticket_estimate';
export const contractTag = '9002_drop_ticket_estimate';
export const expandMigration = {
  tag: expandTag,
  sql: '-- tika-migration: expand\nALTER TABLE "tickets" ADD COLUMN "estimate" integer;\n',
};
export const contractMigration = {
  tag: contractTag,
  sql: `-- tika-migration: contract since=${expandTag}\nALTER TABLE "tickets" DROP COLUMN "estimate";\n`,
};
