import { expect, test, type Page } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { startReceiver, type Receiver } from '../support/webhook-receiver';
import { acceptAsNewAccount, createInviteLink, signInAsInstanceAdmin, signUp } from './helpers';

// #17's pages in Chromium against the production build: the webhook settings page delivering to a real receiver on
// 127.0.0.1 (start-server.mjs allows that address with WEBHOOK_ALLOWED_HOSTS, as a self-hoster allows an internal
// target, and retries after 1 s), and the notification count after another member assigns a ticket due tomorrow
// and the instance admin runs the due-date reminders from /admin/jobs. The app's own workers send and remind.

let receiver: Receiver;
test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await receiver.close();
});

const slugOf = (page: Page) => new URL(page.url()).pathname.split('/')[2]!;

test('an owner adds a webhook, gets signed deliveries, sees a failing one retried, and deletes it', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await signUp(page, 'HookOwner');
  await page.waitForURL(/\/w\/[^/]+$/);
  const slug = slugOf(page);
  await page.getByRole('link', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
  await expect(page.getByText('No webhooks yet')).toBeVisible();

  const url = receiver.url('/e2e-hook');
  const form = page.getByRole('form', { name: 'Add a webhook' });
  await form.getByLabel('URL').fill(url);
  await form.getByLabel('Description').fill('Build server');
  await form.getByRole('button', { name: 'Add webhook' }).click();
  const secret = await page.getByTestId('one-time-secret').inputValue();
  expect(secret).toMatch(/^whsec_/);
  const hook = page.getByRole('region', { name: url });
  await expect(hook.getByText('On', { exact: true })).toBeVisible();

  // Shown once: after a reload only its first characters are left.
  await page.reload();
  await expect(hook).toBeVisible();
  await expect(page.getByTestId('one-time-secret')).toHaveCount(0);
  await expect(hook.getByText(`${secret.slice(0, 10)}…`)).toBeVisible();

  // A test event, sent by the app's worker, signed with that secret.
  await hook.getByRole('button', { name: 'Deliveries' }).click();
  await hook.getByRole('button', { name: 'Send test event' }).click();
  await expect.poll(() => receiver.on('/e2e-hook').length, { timeout: 30_000 }).toBe(1);
  const message = receiver.on('/e2e-hook')[0]!;
  expect(new Webhook(secret).verify(message.body, message.headers)).toMatchObject({ type: 'webhook.test' });
  await expect(async () => {
    await hook.getByRole('button', { name: 'Refresh' }).click();
    await expect(hook.getByRole('row').filter({ hasText: 'Delivered' })).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(hook.getByText('Never')).toHaveCount(0); // last success set

  // The receiver fails once: retried after the back-off with the same webhook-id; the log has both answers.
  receiver.failNext('/e2e-hook', 1, 503);
  await hook.getByRole('button', { name: 'Send test event' }).click();
  await expect.poll(() => receiver.on('/e2e-hook').length, { timeout: 30_000 }).toBe(2);
  await expect.poll(() => receiver.on('/e2e-hook').length, { timeout: 60_000 }).toBe(3);
  expect(receiver.on('/e2e-hook')[2]!.headers['webhook-id']).toBe(receiver.on('/e2e-hook')[1]!.headers['webhook-id']);
  await expect(async () => {
    await hook.getByRole('button', { name: 'Refresh' }).click();
    await expect(hook.getByRole('row').filter({ hasText: 'Delivered' })).toHaveCount(2, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const retried = hook.getByRole('row').filter({ hasText: '503' });
  await expect(retried).toHaveCount(0); // the last answer of that delivery is now the 200
  const twoAttempts = hook.getByRole('row').filter({ has: page.getByRole('cell', { name: '2', exact: true }) });
  await expect(twoAttempts).toHaveCount(1);
  await twoAttempts.getByRole('button', { name: 'Details' }).click();
  const details = page.getByRole('dialog', { name: /^Delivery msg_/ });
  await expect(details.getByText(/: 503 in \d+ ms$/)).toBeVisible();
  await expect(details.getByText(/: 200 in \d+ ms$/)).toBeVisible();
  await page.keyboard.press('Escape');

  // A member may not manage webhooks: no link, the page says so, the API refuses.
  const link = await createInviteLink(page, slug, 'member');
  const other = await browser.newContext();
  const member = await other.newPage();
  await acceptAsNewAccount(member, link, 'HookMember', slug);
  await expect(
    member.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Webhooks' }),
  ).toHaveCount(0);
  await member.goto(`/w/${slug}/settings/webhooks`);
  await expect(member.getByText('Only admins and owners manage webhooks.')).toBeVisible();
  await expect(member.getByText(url)).toHaveCount(0);
  const refused = await member.request.post('/api/v1/webhooks', {
    headers: { 'x-tika-workspace': slug, origin: new URL(page.url()).origin },
    data: { url: receiver.url('/sneaky'), events: ['*'] },
  });
  expect(refused.status()).toBe(403);
  expect(refused.headers()['content-type']).toContain('application/problem+json');
  await other.close();

  // Delete, after the browser's confirmation.
  await page.goto(`/w/${slug}/settings/webhooks`);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('region', { name: url }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('No webhooks yet')).toBeVisible();
});

test('a member assigned a ticket due tomorrow sees the notice count once the admin runs the reminders', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  // The instance admin (TIKA_E2E_ADMIN_EMAIL) owns a workspace and invites a member.
  await signInAsInstanceAdmin(page.request, baseURL!);
  const me = await (await page.request.get('/api/v1/me')).json();
  const slug = me.workspaces[0].slug as string;
  const link = await createInviteLink(page, slug, 'member');
  const other = await browser.newContext();
  const member = await other.newPage();
  await acceptAsNewAccount(member, link, 'RemindedMember', slug);
  const nav = member.getByRole('navigation', { name: 'Workspace' });
  await expect(nav.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
  const memberId = (await (await member.request.get('/api/v1/me')).json()).user.id as string;

  // The admin assigns them a ticket due tomorrow (in the schedules' time zone, UTC here).
  const headers = { 'x-tika-workspace': slug, origin: baseURL! };
  const board = await (
    await page.request.post('/api/v1/boards', { headers, data: { name: 'Reminders', columns: ['Todo', 'Done'] } })
  ).json();
  const title = `Due tomorrow ${Date.now()}`;
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const created = await page.request.post('/api/v1/tickets', {
    headers,
    data: { columnId: board.columns[0].id, title, assigneeId: memberId, dueDate: tomorrow },
  });
  expect(created.status()).toBe(201);
  const ticket = await created.json();

  // A member is not an instance admin: /admin/jobs does not exist for them.
  expect((await member.goto('/admin/jobs'))!.status()).toBe(404);
  expect((await member.request.get('/api/admin/jobs')).status()).toBe(404);

  // The admin runs the daily reminders now, from the jobs page.
  await page.goto('/admin/jobs');
  const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: 'reminders.due-dates' }) });
  await row.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByRole('status')).toContainText('reminders.due-dates queued');

  // The member's navigation counts it (on any page of the workspace).
  await expect(async () => {
    await member.goto(`/w/${slug}`);
    await expect(nav.getByRole('link', { name: /^Notifications\s*1 unread$/ })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  await nav.getByRole('link', { name: /^Notifications/ }).click();
  const notice = member.getByRole('listitem').filter({ hasText: `“${title}” is due tomorrow` });
  await expect(notice).toBeVisible();
  await expect(member.getByRole('button', { name: 'Mark all 1 read' })).toBeVisible();
  await notice.getByRole('link', { name: 'Open' }).click();
  await member.waitForURL(new RegExp(`/w/${slug}/t/${ticket.id}$`));
  await expect(member.getByText(title).first()).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
  await member.goto(`/w/${slug}/notifications`);
  await expect(member.getByRole('button', { name: /^Mark all/ })).toHaveCount(0);
  await expect(notice.getByRole('button', { name: 'Mark read' })).toHaveCount(0);
  await other.close();
});
