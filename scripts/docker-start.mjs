#!/usr/bin/env node
// The production image's CMD (and what `npm run start:local` runs): refuse to serve against a schema this build
// does not match, then start the Next.js standalone server in this same process (so signals reach it directly).
// Every line it writes is JSON (lib/json-stdio.mjs): the guard's own lines, Next's banner, the server's logs.
// `docker run IMAGE node scripts/migrate.mjs` and friends bypass it by replacing the command.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSchema } from './check-schema.mjs';
import { installJsonStdio, logLine } from './lib/json-stdio.mjs';

installJsonStdio();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// In the image the standalone server sits next to scripts/; in a checkout it is the build output.
const server = [path.join(root, 'server.js'), path.join(root, '.next', 'standalone', 'server.js')].find(existsSync);
if (!server) {
  logLine('fatal', 'no production build: run `npm run build` first', { component: 'start' });
  process.exit(1);
}

// The image leaves the embedded database out (it runs against PostgreSQL); say so instead of a missing module.
const driver = process.env.DATABASE_DRIVER ?? (process.env.DATABASE_URL ? 'pg' : 'pglite');
if (driver === 'pglite' && !existsSync(path.join(path.dirname(server), 'node_modules', '@electric-sql', 'pglite'))) {
  logLine(
    'fatal',
    'this build has no embedded database: set DATABASE_URL (and DATABASE_DRIVER=pg) to a PostgreSQL server; the embedded database is for `npm run start:local`',
    { component: 'start' },
  );
  process.exit(1);
}

if (process.env.TIKA_SKIP_SCHEMA_CHECK === '1') {
  logLine('warn', 'TIKA_SKIP_SCHEMA_CHECK=1: not checking the database schema before start', { component: 'schema' });
} else {
  const result = await checkSchema(process.env, {
    onWait: (error) =>
      logLine('warn', `waiting for the database: ${error.message}`, {
        component: 'schema',
        waitSeconds: Number(process.env.DB_WAIT_SECONDS ?? 60),
      }),
  });
  if (!result.ok) {
    logLine('fatal', `refusing to start: ${result.message}`, { component: 'schema', exitCode: result.code });
    process.exit(result.code);
  }
  logLine('info', result.message, { component: 'schema' });
}

await import(server);
