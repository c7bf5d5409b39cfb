#!/usr/bin/env node
// Prints the SQL that installs (or upgrades) pg-boss's queue schema, split for a drizzle migration.
//
//   node scripts/jobs/pgboss-sql.mjs install            → the full schema of the installed pg-boss version
//   node scripts/jobs/pgboss-sql.mjs migrate <version>  → the upgrade from schema <version> to the installed one
//
// Why: pg-boss would create and migrate its schema itself at start, but Tika's runtime role may not own or create
// anything (docs/jobs.md). Its schema is therefore part of Tika's migrations, applied by the owner like every
// other table. Each statement is separated by drizzle's breakpoint marker (PGlite's migrator runs one statement
// at a time); pg-boss's own BEGIN/COMMIT, lock timeouts and advisory lock are dropped because the migrator
// already runs every migration in one transaction under Tika's own migration lock.
import { getConstructionPlans, getMigrationPlans } from 'pg-boss';

export const JOBS_SCHEMA = 'pgboss';

/**
 * Splits SQL into statements on top-level semicolons, respecting quotes, dollar quotes and comments.
 * @param {string} text
 * @returns {string[]}
 */
export function splitStatements(text) {
  /** @type {string[]} */
  const statements = [];
  let current = '';
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest);
    if (dollar) {
      const end = text.indexOf(dollar[0], i + dollar[0].length);
      if (end < 0) throw new Error(`unterminated ${dollar[0]} quote`);
      current += text.slice(i, end + dollar[0].length);
      i = end + dollar[0].length;
      continue;
    }
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < text.length && !(text[j] === ch && text[j + 1] !== ch)) j += text[j] === ch ? 2 : 1;
      current += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (rest.startsWith('--')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (ch === ';') {
      if (current.trim()) statements.push(current.trim());
      current = '';
      i++;
      continue;
    }
    current += ch;
    i++;
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}

const wrapper = [/^BEGIN$/i, /^COMMIT$/i, /^SET LOCAL /i, /^SELECT pg_advisory_xact_lock\(/i];

/** @param {string} sql */
export function migrationStatements(sql) {
  return splitStatements(sql).filter((statement) => !wrapper.some((pattern) => pattern.test(statement)));
}

function main() {
  const [command, from] = process.argv.slice(2);
  let sql;
  if (command === 'install') sql = getConstructionPlans(JOBS_SCHEMA);
  else if (command === 'migrate' && /^\d+$/.test(from ?? '')) sql = getMigrationPlans(JOBS_SCHEMA, Number(from));
  else {
    console.error('usage: pgboss-sql.mjs install | migrate <from-version>');
    process.exit(2);
  }
  process.stdout.write(`${migrationStatements(sql).join(';\n--> statement-breakpoint\n')};\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
