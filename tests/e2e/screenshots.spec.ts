import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { addTicket, createInviteLink, signInAsInstanceAdmin, signUp, uniqueEmail } from './helpers';

// Every screen, in light and dark, on a desktop and on a 360 px phone: the pictures in docs/screenshots (run
// `npm run screenshots` to refresh them) and, on every run of the suite, a check that no screen is wider than the
// phone (nothing may scroll sideways at 360 px except the board's own column strip).
const dir = process.env.SCREENSHOT_DIR ?? path.join('test-results', 'screenshots');
const themes = (process.env.SCREENSHOT_THEMES ?? 'light,dark').split(',') as ('light' | 'dark')[];
const devices = {
  desktop: { viewport: { width: 1440, height: 900 }, isMobile: false, hasTouch: false },
  phone: { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true },
} as const;

test.describe.configure({ mode: 'serial' });

let slug = '';
let boardPath = '';
let ticketPath = '';
let inviteLink = '';
let email = '';

test('seed a workspace worth looking at', async ({ page, browser, baseURL }) => {
  email = await signUp(page, 'Ada Lovelace', uniqueEmail('ada'));
  await page.waitForURL(/\/w\/[^/]+$/);
  slug = new URL(page.url()).pathname.split('/')[2]!;
  await page.getByLabel('Name', { exact: true }).fill('Product launch');
  await page.getByLabel(/Columns/).fill('Backlog, In progress, Review, Done');
  await page.getByRole('button', { name: 'Create board' }).click();
  await page.waitForURL(/\/b\/[0-9a-f-]{36}$/);
  boardPath = new URL(page.url()).pathname;
  await addTicket(page, 'Backlog', 'Write the launch post');

  const headers = { 'x-tika-workspace': slug, origin: baseURL! };
  const api = async (method: 'get' | 'post', url: string, data?: unknown) => {
    const response = await page.request[method](`/api/v1${url}`, { headers, data });
    expect(response.ok(), `${method} ${url}: ${response.status()}`).toBe(true);
    return response.json();
  };
  const view = await api('get', `/boards/${boardPath.split('/').pop()}`);
  const me = await api('get', '/me');
  const col = (name: string) => view.columns.find((c: { name: string }) => c.name === name).id as string;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const tickets: [string, string, Record<string, unknown>][] = [
    ['Backlog', 'Pricing page copy', { priority: 'low', labels: ['marketing'] }],
    ['Backlog', 'Invite the beta testers', { priority: 'medium', labels: ['growth'], dueDate: day(12) }],
    ['In progress', 'Onboarding checklist', { priority: 'high', labels: ['ux', 'web'], dueDate: day(1) }],
    ['In progress', 'Fix the flaky sync test', { priority: 'urgent', labels: ['bug'], dueDate: day(-1) }],
    ['Review', 'Dark mode for the board', { priority: 'medium', labels: ['ux'] }],
    ['Done', 'Set up backups', { priority: 'none', labels: ['ops'] }],
  ];
  let first = '';
  for (const [column, title, extra] of tickets) {
    const created = await api('post', '/tickets', {
      columnId: col(column),
      title,
      assigneeId: me.user.id,
      description:
        '## Why\n\nBecause **users** asked.\n\n- [x] draft\n- [ ] review\n\n| step | owner |\n|---|---|\n| 1 | Ada |',
      ...extra,
    });
    first ||= created.id;
  }
  await api('post', `/tickets/${first}/comments`, { body: 'Looks *good* to me.' });
  ticketPath = `/w/${slug}/t/${first}`;
  inviteLink = await createInviteLink(page, slug, 'member');
  await page.goto(`/w/${slug}/settings/tokens`);
  await page.getByLabel('Name').fill('ci');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('one-time-secret')).toBeVisible();
  // A webhook with a delivery that fails (a closed local port), and notices from the due-date reminders, which the
  // instance admin runs now from the jobs page's API.
  const hook = await api('post', '/webhooks', {
    url: 'http://127.0.0.1:9/tika-events',
    events: ['ticket.*', 'comment.created'],
    description: 'Build server',
  });
  await api('post', `/webhooks/${hook.id}/test`);
  const admin = await browser.newContext();
  await signInAsInstanceAdmin(admin.request, baseURL!);
  const run = await admin.request.post('/api/admin/jobs', {
    headers: { origin: baseURL! },
    data: { action: 'run', job: 'reminders.due-dates' },
  });
  expect(run.status()).toBe(202);
  await admin.close();
  await expect
    .poll(async () => (await api('get', '/notifications')).unread as number, { timeout: 60_000 })
    .toBeGreaterThanOrEqual(2);
});

async function signedIn(browser: Browser, device: keyof typeof devices, theme: 'light' | 'dark', baseURL: string) {
  const context = await browser.newContext({ ...devices[device], colorScheme: theme });
  const response = await context.request.post('/api/auth/sign-in/email', {
    data: { email, password: 'a long e2e password' },
    headers: { origin: baseURL },
  });
  expect(response.ok()).toBe(true);
  return context;
}

async function shoot(page: Page, name: string, theme: string, device: keyof typeof devices) {
  await page.waitForLoadState('networkidle');
  // Nothing wider than the screen: the page itself never scrolls sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect.soft(overflow, `${name} (${device}, ${theme}) overflows by ${overflow}px`).toBeLessThanOrEqual(0);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}-${theme}-${device}.png`), fullPage: device === 'desktop' });
}

for (const device of Object.keys(devices) as (keyof typeof devices)[]) {
  for (const theme of themes) {
    test(`every screen, ${theme}, ${device}`, async ({ browser, baseURL }) => {
      const anonymous = await browser.newContext({ ...devices[device], colorScheme: theme });
      const anon = await anonymous.newPage();
      for (const [name, url] of [
        ['home', '/'],
        ['sign-in', '/sign-in'],
        ['sign-up', '/sign-up'],
        ['api-reference', '/api-reference'],
        ['invitation', inviteLink],
        ['forgot-password', '/forgot-password'],
        ['reset-password', '/reset-password?token=from-the-mail'],
        ['verify-email', '/verify-email?token=an-expired-link'],
        ['two-factor', '/two-factor'],
      ] as const) {
        await anon.goto(url);
        await shoot(anon, name, theme, device);
      }
      await anonymous.close();

      const context = await signedIn(browser, device, theme, baseURL!);
      const page = await context.newPage();
      for (const [name, url] of [
        ['boards', `/w/${slug}`],
        ['board', boardPath],
        ['ticket', ticketPath],
        ['members', `/w/${slug}/settings/members`],
        ['tokens', `/w/${slug}/settings/tokens`],
        ['audit', `/w/${slug}/settings/audit`],
        ['settings', `/w/${slug}/settings`],
        ['webhooks', `/w/${slug}/settings/webhooks`],
        ['notifications', `/w/${slug}/notifications`],
        ['account', '/account'],
      ] as const) {
        await page.goto(url);
        await shoot(page, name, theme, device);
      }
      await context.close();

      // The operations page, as the instance admin, once the doctor has answered and the charts are drawn.
      const admin = await browser.newContext({ ...devices[device], colorScheme: theme });
      await signInAsInstanceAdmin(admin.request, baseURL!);
      const ops = await admin.newPage();
      await ops.goto('/admin/operations');
      await expect(ops.getByTestId('doctor-verdict')).toBeVisible({ timeout: 30_000 });
      await expect(ops.locator('figure[data-chart] polyline').first()).toBeVisible({ timeout: 30_000 });
      await shoot(ops, 'operations', theme, device);
      await ops.goto('/admin/jobs');
      await expect(ops.getByRole('table', { name: 'Kinds of background jobs' })).toBeVisible({ timeout: 30_000 });
      await shoot(ops, 'jobs', theme, device);
      await admin.close();
    });
  }
}
