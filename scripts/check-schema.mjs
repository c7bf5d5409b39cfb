#!/usr/bin/env node
// Startup guard for the production image: may this build serve on this database's schema? The compatibility
// window of docs/migrations.md (scripts/schema-window.mjs): every expand migration this build ships is applied,
// and anything applied beyond them is an expand migration (or a contract one this build no longer needs).
// Plain JavaScript (runs in the image, no TypeScript toolchain); reads as the runtime role.
//
//   node scripts/check-schema.mjs        exit 0 inside the window, otherwise a clear message and:
//     64  the database is NEWER than this build allows (a contract migration it needs, or an unknown one)
//     65  migrations pending (the migrate step did not run)
//     69  the database did not answer within DB_WAIT_SECONDS (default 60)
//     78  this build's drizzle/ folder breaks the rule (a migration without its kind header)
//
//   DATABASE_URL (runtime role), DATABASE_DRIVER (pglite: nothing to check, the app migrates itself),
//   MIGRATIONS_DIR (default ./drizzle next to this script's parent), DB_WAIT_SECONDS.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateWindow, readDatabaseState, readManifest } from './schema-window.mjs';

export const EXIT = { newer: 64, pending: 65, unreachable: 69, manifest: 78 };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** @param {NodeJS.ProcessEnv} env */
const folderOf = (env) => env.MIGRATIONS_DIR ?? path.join(root, 'drizzle');

/** @param {string} url */
async function databaseState(url) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await readDatabaseState((text) => client.query(text));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Resolves to { ok, code, message }; never throws. onWait(error) is called once, when the first attempt fails.
 * @param {NodeJS.ProcessEnv} [env]
 * @param {{ onWait?: (error: Error) => void }} [options]
 * @returns {Promise<{ ok: boolean, code: number, message: string, window?: import('./schema-window.mjs').WindowResult }>}
 */
export async function checkSchema(env = process.env, { onWait } = {}) {
  const driver = env.DATABASE_DRIVER ?? (env.DATABASE_URL ? 'pg' : 'pglite');
  if (driver === 'pglite') return { ok: true, code: 0, message: 'embedded database: migrated by the app at start' };
  if (!env.DATABASE_URL) return { ok: false, code: EXIT.unreachable, message: 'DATABASE_URL is not set' };
  let manifest;
  try {
    manifest = readManifest(folderOf(env));
  } catch (error) {
    return { ok: false, code: EXIT.manifest, message: error instanceof Error ? error.message : String(error) };
  }
  const deadline = Date.now() + Number(env.DB_WAIT_SECONDS ?? 60) * 1000;
  /** @type {Error | undefined} */
  let lastError;
  while (Date.now() < deadline) {
    try {
      const { applied, recorded } = await databaseState(env.DATABASE_URL);
      const window = evaluateWindow(manifest, applied, recorded);
      if (window.ok) return { ok: true, code: 0, message: window.message, window };
      return {
        ok: false,
        code: window.status === 'newer' ? EXIT.newer : EXIT.pending,
        message: window.message,
        window,
      };
    } catch (thrown) {
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
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
