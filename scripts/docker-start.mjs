#!/usr/bin/env node
// The production image's CMD: refuse to serve against a schema this build does not match, then start the
// Next.js standalone server in this same process (so signals reach it directly).
// `docker run IMAGE node scripts/migrate.mjs` and friends bypass it by replacing the command.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSchema } from './check-schema.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (process.env.TIKA_SKIP_SCHEMA_CHECK === '1') {
  console.warn('tika: TIKA_SKIP_SCHEMA_CHECK=1 — not checking the database schema before start');
} else {
  const result = await checkSchema();
  if (!result.ok) {
    console.error(`tika: refusing to start: ${result.message}`);
    process.exit(result.code);
  }
  console.log(`tika: ${result.message}`);
}

await import(path.join(root, 'server.js'));
