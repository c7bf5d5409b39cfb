#!/usr/bin/env node
// Starts the production build (`npm run build`) for the browser suites and the UI benchmark: the standalone
// server on 127.0.0.1:$PORT with its own throwaway embedded database (or DATABASE_URL when set), static assets
// copied next to it. The data dir is removed when the server stops.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = process.cwd();
const standalone = path.join(root, '.next', 'standalone');
if (!existsSync(path.join(standalone, 'server.js'))) {
  console.error('No production build: run `npm run build` first.');
  process.exit(1);
}
cpSync(path.join(root, '.next', 'static'), path.join(standalone, '.next', 'static'), { recursive: true });
if (existsSync(path.join(root, 'public')))
  cpSync(path.join(root, 'public'), path.join(standalone, 'public'), { recursive: true });

const port = process.env.PORT ?? '3100';
const dataDir = mkdtempSync(path.join(tmpdir(), 'tika-e2e-'));
const env = {
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  HOSTNAME: '127.0.0.1',
  PORT: port,
  APP_URL: `http://127.0.0.1:${port}`,
  BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? 'e2e-suite-secret-e2e-suite-secret-0001',
  PGLITE_DATA_DIR: path.join(dataDir, 'pglite'),
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  // Every browser and the benchmark's seeding come from 127.0.0.1: lift the per-IP and per-plan limits here
  // (the limiter itself is proven by the ops suite).
  RATE_LIMIT_PLAN_FREE: process.env.RATE_LIMIT_PLAN_FREE ?? '1000000/1m',
  RATE_LIMIT_AUTH: process.env.RATE_LIMIT_AUTH ?? '100000/1m',
  RATE_LIMIT_TOKENS: process.env.RATE_LIMIT_TOKENS ?? '100000/1m',
  // The operations page's test (operations.spec.ts): its instance admin, and a chart point every second.
  TIKA_ADMIN_EMAILS: process.env.TIKA_E2E_ADMIN_EMAIL ?? 'ops-admin@example.test',
  OPS_SAMPLE_SECONDS: '1',
  // The webhook journey (webhooks.spec.ts) delivers to a receiver it starts on 127.0.0.1, allowed as a self-hoster
  // allows an internal target (the SSRF guard refuses loopback otherwise), and sees a failed delivery retried soon.
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  WEBHOOK_RETRY_DELAY_SECONDS: '1',
  JOBS_POLL_INTERVAL_MS: '500',
};
const server = spawn(process.execPath, [path.join(standalone, 'server.js')], { stdio: 'inherit', env });
const stop = (/** @type {NodeJS.Signals} */ signal) => {
  if (server.exitCode === null) server.kill(signal);
};
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => stop(signal));
server.on('exit', (code) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
