#!/usr/bin/env node
// `npm run start:local`: Tika on http://localhost:3000 with the embedded database in ./.data — no Docker,
// no database server. Builds once if there is no production build yet; `npm run build` rebuilds.
// It runs the production entry point (scripts/docker-start.mjs), whose every line is JSON. At a terminal those
// lines are shown readable, one per line (scripts/lib/pretty-log.mjs); piped or redirected they stay JSON.
// LOG_FORMAT=json keeps JSON at a terminal too; LOG_FORMAT=pretty formats even when piped.
import { spawnSync, spawn } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createPrettifier } from './lib/pretty-log.mjs';

const root = process.cwd();
const standalone = path.join(root, '.next', 'standalone');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!existsSync(path.join(standalone, 'server.js'))) {
  console.log('No production build yet: building (about a minute)…');
  const build = spawnSync(npm, ['run', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// The standalone server does not carry the static assets; they sit next to it.
cpSync(path.join(root, '.next', 'static'), path.join(standalone, '.next', 'static'), { recursive: true });
if (existsSync(path.join(root, 'public')))
  cpSync(path.join(root, 'public'), path.join(standalone, 'public'), { recursive: true });

const port = process.env.PORT ?? '3000';
const env = {
  ...process.env,
  NODE_ENV: 'production',
  DATABASE_DRIVER: process.env.DATABASE_DRIVER ?? (process.env.DATABASE_URL ? 'pg' : 'pglite'),
  PGLITE_DATA_DIR: process.env.PGLITE_DATA_DIR ?? path.join(root, '.data', 'pglite'),
  HOSTNAME: process.env.HOSTNAME_BIND ?? '127.0.0.1',
  PORT: port,
  APP_URL: process.env.APP_URL ?? `http://localhost:${port}`,
  NEXT_TELEMETRY_DISABLED: '1',
};
const format = process.env.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json');
const prettify =
  format === 'pretty'
    ? createPrettifier({ colorize: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR })
    : undefined;
console.log(
  prettify
    ? `Tika on http://localhost:${port} — data in ${env.PGLITE_DATA_DIR}`
    : JSON.stringify({
        level: 'info',
        time: new Date().toISOString(),
        service: 'tika',
        url: `http://localhost:${port}`,
        dataDir: env.PGLITE_DATA_DIR,
        msg: 'start:local',
      }),
);
const server = spawn(process.execPath, [path.join(root, 'scripts', 'docker-start.mjs')], {
  stdio: prettify ? ['inherit', 'pipe', 'pipe'] : 'inherit',
  env,
});
if (prettify) {
  // Both are pipes: stdio above says so whenever prettify is set.
  const pipes = /** @type {Array<[import('node:stream').Readable, NodeJS.WriteStream]>} */ ([
    [server.stdout, process.stdout],
    [server.stderr, process.stderr],
  ]);
  for (const [from, to] of pipes) {
    createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(prettify(line)));
  }
}
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 0)));
