import { expect, test } from '@playwright/test';
import { addTicket, column, createInviteLink, expectAccessible, signInAsInstanceAdmin, signUp } from './helpers';

// axe-core on every page, with content on it (a board with cards, a ticket with a comment, tables with rows).
test('no serious or critical axe violations on any page', async ({ page, browser }) => {
  test.setTimeout(300_000); // every screen and dialog, on a shared 2-core machine
  await page.goto('/');
  await expectAccessible(page, 'home');
  await page.goto('/self-host');
  await expectAccessible(page, 'self-host');
  await page.goto('/sign-in');
  await expectAccessible(page, 'sign-in');
  await page.goto('/sign-up');
  await expectAccessible(page, 'sign-up');

  await signUp(page, 'Axe');
  await page.waitForURL(/\/w\/[^/]+$/);
  const slug = new URL(page.url()).pathname.split('/')[2]!;
  await expectAccessible(page, 'boards (empty)');
  await page.getByLabel('Name', { exact: true }).fill('Audit me');
  await page.getByRole('button', { name: 'Create board' }).click();
  await page.waitForURL(/\/b\//);
  const boardUrl = page.url();
  await addTicket(page, 'To do', 'First');
  await addTicket(page, 'To do', 'Second');
  await expectAccessible(page, 'board');
  await column(page, 'To do').getByRole('button', { name: 'Quick edit First' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page, 'board quick edit dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Column settings for To do' }).click();
  await expect(page.getByLabel('Position')).toBeVisible();
  await expectAccessible(page, 'board column settings dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Board settings' }).click();
  await expect(page.getByRole('button', { name: 'Delete this board' })).toBeVisible();
  await expectAccessible(page, 'board settings dialog');
  await page.getByRole('button', { name: 'Archive board' }).click();
  await expect(page.getByText('This board is archived')).toBeVisible();
  await expectAccessible(page, 'board (archived)');
  await page.getByRole('button', { name: 'Restore board' }).click();
  await expect(page.getByText('This board is archived')).toHaveCount(0);

  await column(page, 'To do').getByRole('link', { name: 'First' }).click();
  await page.getByLabel(/Add a comment/).fill('A comment');
  await page.getByRole('button', { name: 'Comment' }).click();
  await expect(page.locator('.comments li')).toHaveCount(1);
  await expectAccessible(page, 'ticket dialog');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('tab', { name: 'Preview' }).click();
  await expectAccessible(page, 'ticket dialog, description editor');
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expectAccessible(page, 'keyboard shortcuts');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Filters', exact: true }).click();
  await expectAccessible(page, 'board filters');
  await page.keyboard.press('Escape');
  const ticketId = (await page.locator('[data-testid=ticket-card]').first().getAttribute('data-ticket-id'))!;
  await page.goto(`/w/${slug}/t/${ticketId}`);
  await expect(page.locator('.comments li')).toHaveCount(1);
  await expectAccessible(page, 'ticket page');

  await page.goto(`/w/${slug}`);
  await expect(page.getByRole('link', { name: 'Audit me' })).toBeVisible();
  await expectAccessible(page, 'boards');
  const link = await createInviteLink(page, slug, 'member');
  await expectAccessible(page, 'members and invitations');
  await page.goto(`/w/${slug}/settings/tokens`);
  await page.getByLabel('Name').fill('axe');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('one-time-secret')).toBeVisible();
  await expectAccessible(page, 'api tokens');
  // Webhooks: the one-time secret, the edit form and a delivery log (to a closed local port: the delivery fails).
  const hookUrl = 'http://127.0.0.1:9/tika-events';
  await page.goto(`/w/${slug}/settings/webhooks`);
  await page.getByRole('form', { name: 'Add a webhook' }).getByLabel('URL').fill(hookUrl);
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await expect(page.getByTestId('one-time-secret')).toBeVisible();
  const hook = page.getByRole('region', { name: hookUrl });
  await hook.getByRole('button', { name: 'Deliveries' }).click();
  await hook.getByRole('button', { name: 'Send test event' }).click();
  await expect(hook.getByRole('table')).toBeVisible();
  await hook.getByRole('button', { name: 'Edit' }).click();
  await expect(hook.getByRole('form', { name: 'Edit the webhook' })).toBeVisible();
  await expectAccessible(page, 'webhooks');
  // Notifications, with notices: a ticket due today assigned to this user, and the reminders run by the admin.
  const headers = { 'x-tika-workspace': slug, origin: new URL(page.url()).origin };
  const boardId = /\/b\/([0-9a-f-]{36})/.exec(boardUrl)![1]!;
  const view = await (await page.request.get(`/api/v1/boards/${boardId}`, { headers })).json();
  const meId = (await (await page.request.get('/api/v1/me')).json()).user.id as string;
  const dueToday = await page.request.post('/api/v1/tickets', {
    headers,
    data: {
      columnId: view.columns[0].id,
      title: 'Due today',
      assigneeId: meId,
      dueDate: new Date().toISOString().slice(0, 10),
    },
  });
  expect(dueToday.status()).toBe(201);
  const adminContext = await browser.newContext();
  await signInAsInstanceAdmin(adminContext.request, new URL(page.url()).origin);
  const admin = await adminContext.newPage();
  await admin.goto('/admin/jobs');
  await admin
    .getByRole('row')
    .filter({ has: admin.getByRole('button', { name: 'reminders.due-dates' }) })
    .getByRole('button', { name: 'Run now' })
    .click();
  await expect(admin.getByRole('status')).toContainText('queued');
  await admin.getByRole('button', { name: 'system.probe' }).click();
  await expect(
    admin.getByRole('table', { name: 'Latest system.probe jobs' }).or(admin.getByText('No jobs of this kind are kept')),
  ).toBeVisible();
  await expectAccessible(admin, 'background jobs (instance admin)');
  await adminContext.close();
  await expect(async () => {
    await page.goto(`/w/${slug}/notifications`);
    await expect(page.getByText('“Due today” is due today')).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  await expectAccessible(page, 'notifications (with an unread count)');
  await page.goto(`/w/${slug}/settings/audit`);
  await expect(page.getByRole('table')).toBeVisible();
  await expectAccessible(page, 'audit log');
  await page.goto(`/w/${slug}/settings`);
  await expectAccessible(page, 'workspace settings');
  // Label colours: a colour for a label gives it a row with the palette (radio buttons), checked with one focused.
  await page.getByLabel('Another label').fill('design');
  await page.getByRole('combobox', { name: 'Colour', exact: true }).selectOption('teal');
  await page.getByRole('button', { name: 'Set colour' }).click();
  const design = page.getByRole('group', { name: /^Colour of design/ });
  await expect(design.getByRole('radio', { name: 'Teal' })).toBeChecked();
  await design.getByRole('radio', { name: 'Teal' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(design.getByRole('radio', { name: 'Cyan' })).toBeChecked();
  await expectAccessible(page, 'workspace settings, label colours');
  await page.goto('/api-reference');
  await expectAccessible(page, 'api reference');

  const anonymous = await browser.newContext();
  const invitee = await anonymous.newPage();
  await invitee.goto(link);
  await expect(invitee.getByText('Sign in or create an account')).toBeVisible();
  await expectAccessible(invitee, 'invitation (signed out)');
  await anonymous.close();
});
