import { expect, test } from '@playwright/test';
import { expectAccessible, signInAsInstanceAdmin, signUp, uniqueEmail } from './helpers';

// The operations page (/admin/operations) for instance admins: tika doctor's report and charts of the instance's
// own recent metrics. playwright.config.ts picks the admin's address; start-server.mjs makes it the instance admin
// (TIKA_ADMIN_EMAILS) and samples every second (OPS_SAMPLE_SECONDS=1) so the charts have points within the test.

test('someone who is not an instance admin gets no operations data', async ({ page }) => {
  await signUp(page, 'NotAdmin', uniqueEmail('notadmin'));
  await page.waitForURL(/\/w\//);
  await page.goto('/admin/operations');
  await expect(page.getByText("This page is for the instance's administrators.")).toBeVisible();
  await expect(page.getByText('Where this deployment stands')).toHaveCount(0);
  for (const path of ['/api/ops/history', '/api/ops/doctor']) {
    const response = await page.request.get(path);
    expect(response.status()).toBe(404);
    expect(response.headers()['content-type']).toContain('application/problem+json');
  }
});

test('an instance admin sees where the deployment stands and charts of the last minutes', async ({ page, baseURL }) => {
  await signInAsInstanceAdmin(page.request, baseURL!);
  // Some traffic for the request and latency charts.
  for (let i = 0; i < 10; i++) expect((await page.request.get('/api/v1/me')).status()).toBe(200);
  await page.goto('/admin/operations');
  await expect(page.getByRole('heading', { name: 'Operations', level: 1 })).toBeVisible();

  // The doctor's report: a verdict, every stage, each item with its status, evidence and fix.
  await expect(page.getByTestId('doctor-verdict')).toContainText(/This deployment (meets|does not meet)/, {
    timeout: 30_000,
  });
  for (const stage of ['mvp', 'team', 'saas', 'enterprise'])
    await expect(page.locator(`details[data-stage="${stage}"] > summary`)).toBeVisible();
  const reachable = page.locator('[data-item="database.reachable"]');
  await expect(reachable).toHaveAttribute('data-status', 'pass');
  await expect(reachable.getByText('PASS', { exact: true })).toBeVisible();
  // The embedded database is not a PostgreSQL server: Team says so, with the fix (the suite's PostgreSQL run passes).
  const server = page.locator('[data-item="database.server"]');
  if (process.env.DATABASE_URL) await expect(server).toHaveAttribute('data-status', 'pass');
  else {
    await expect(server).toHaveAttribute('data-status', 'fail');
    await expect(server).toContainText('Run the compose stack');
  }

  // Charts from the in-process ring buffer (no Prometheus here): requests drawn as a line.
  const requests = page.locator('figure[data-chart="Requests and errors per minute"]');
  await expect(requests.locator('polyline').first()).toBeVisible({ timeout: 30_000 });
  for (const title of ['API latency', 'Database pool', 'Rate limits', 'Live-update streams (SSE)', 'Memory'])
    await expect(page.locator(`figure[data-chart="${title}"]`)).toBeVisible();
  await expect(page.getByRole('img', { name: /^Memory, latest: resident \d/ })).toBeVisible();
  await expectAccessible(page, 'operations page');
});
