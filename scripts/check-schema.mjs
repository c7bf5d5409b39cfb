#!/usr/bin/env node
// Startup guard for the production image: is the database schema the one this build was made for?
// Plain JavaScript (runs in the image, no TypeScript toolchain): counts the migrations this build ships
// (drizzle/meta/_journal.json) and the ones applied (drizzle.__drizzle_migrations), as the runtime role.
//
//   node scripts/check-schema.mjs        exit 0 when they match, otherwise a clear message and:
//     64  the database is NEWER than this build (an older image started after an upgrade) — never serve
//     65  migrations are pending (the migrate step did not run)
//     69  the database did not answer within DB_WAIT_SECONDS (default 60)
//
//   DATABASE_URL (runtime role), DATABASE_DRIVER (pglite: nothing to check, the app migrates itself),
//   MIGRATIONS_DIR (default ./drizzle next to this script's parent), DB_WAIT_SECONDS.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXIT = { newer: 64, pending: 65, unreachable: 69 };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function expectedMigrations(folder = process.env.MIGRATIONS_DIR ?? path.join(root, 'drizzle')) {
  return JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')).entries.length;
}

async function appliedMigrations(url) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query(`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
    if (!rows[0].present) return 0;
    const count = await client.query('select count(*)::int as n from drizzle.__drizzle_migrations');
    return count.rows[0].n;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Resolves to { ok, code, message }; never throws. onWait(error) is called once, when the first attempt fails. */
export async function checkSchema(env = process.env, { onWait } = {}) {
  const driver = env.DATABASE_DRIVER ?? (env.DATABASE_URL ? 'pg' : 'pglite');
  if (driver === 'pglite') return { ok: true, code: 0, message: 'embedded database: migrated by the app at start' };
  if (!env.DATABASE_URL) return { ok: false, code: EXIT.unreachable, message: 'DATABASE_URL is not set' };
  const expected = expectedMigrations();
  const deadline = Date.now() + Number(env.DB_WAIT_SECONDS ?? 60) * 1000;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const applied = await appliedMigrations(env.DATABASE_URL);
      if (applied > expected) {
        return {
          ok: false,
          code: EXIT.newer,
          message:
            `the database schema is newer than this build of Tika: ${applied} migrations applied, this version knows ${expected}. ` +
            'Refusing to start, because this version could corrupt data it does not understand. ' +
            'Run the newer Tika image (set TIKA_IMAGE to the version you upgraded to), or restore the backup taken before the upgrade.',
        };
      }
      if (applied < expected) {
        return {
          ok: false,
          code: EXIT.pending,
          message:
            `migrations pending: ${applied} of ${expected} applied. Run them as the owner role first ` +
            '(`docker compose -f docker-compose.production.yml run --rm migrate`, or `node scripts/migrate.mjs`).',
        };
      }
      return { ok: true, code: 0, message: `database schema matches this build (${expected} migrations)` };
    } catch (error) {
      if (!lastError) onWait?.(error);
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  return {
    ok: false,
    code: EXIT.unreachable,
    message: `the database did not answer: ${lastError?.message ?? 'timeout'}`,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { scriptLogger } = await import('./lib/json-stdio.mjs');
  const result = await checkSchema();
  scriptLogger('check-schema')(result.ok ? 'info' : 'error', result.message, { exitCode: result.code });
  process.exit(result.code);
}
