import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

// Free ports, chosen once by the runner; workers inherit them through the environment.
const freePort = () =>
  execFileSync(process.execPath, [
    '-e',
    "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ])
    .toString()
    .trim();
process.env.TIKA_E2E_PORT ??= freePort();
// The app's mail goes to a real SMTP server (tests/e2e/global-setup.ts); specs read it on the mailbox port.
process.env.TIKA_E2E_SMTP_PORT ??= freePort();
process.env.TIKA_E2E_MAILBOX_PORT ??= freePort();
const port = process.env.TIKA_E2E_PORT;
// The operations page's instance admin (tests/e2e/operations.spec.ts): new per run, so a reused database is fine.
process.env.TIKA_E2E_ADMIN_EMAIL ??= `ops-admin-${Date.now()}@example.test`;
const baseURL = `http://127.0.0.1:${port}`;

export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
    browserName: 'chromium',
    viewport: { width: 1400, height: 900 },
  },
  webServer: {
    command: 'node tests/e2e/start-server.mjs',
    url: `${baseURL}/api/health/ready`,
    env: { PORT: port, SMTP_URL: `smtp://127.0.0.1:${process.env.TIKA_E2E_SMTP_PORT}` },
    timeout: 120_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
