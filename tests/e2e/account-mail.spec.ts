import { expect, test } from '@playwright/test';
import { expectAccessible, password, signUp, uniqueEmail } from './helpers';
import { linkIn, waitForMail } from './mail-helpers';

// The account lifecycle by mail in Chromium: the app sends through SMTP to the suite's real mail server, and
// each test opens the link from the mail it received.

test('sign-up sends a verification mail; its link confirms the address and the banner goes', async ({ page }) => {
  const email = await signUp(page, 'Vera');
  await page.waitForURL(/\/w\/[^/]+$/);
  const banner = page.getByRole('region', { name: 'Address confirmation' });
  await expect(banner).toContainText(`we sent a link to ${email}`);
  await expectAccessible(page, 'boards with the verification banner');

  // A fresh link on request: a second mail arrives.
  await banner.getByRole('button', { name: 'Send a new link' }).click();
  await expect(banner.getByRole('status')).toHaveText('A new link is on its way.');
  const mail = await waitForMail(email, /Confirm your email address/);
  expect(mail.html).toContain('Confirm my email address');

  await page.goto(linkIn(mail, '/verify-email'));
  await expect(page.getByRole('status')).toContainText('Your email address is confirmed.');
  await expectAccessible(page, 'email confirmed');
  await page.getByRole('link', { name: 'Continue to Tika' }).click();
  await page.waitForURL(/\/w\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Address confirmation' })).toHaveCount(0);
});

test('a tampered verification link says it is not valid, and nothing is verified', async ({ page }) => {
  const email = await signUp(page, 'Tamper');
  await page.waitForURL(/\/w\/[^/]+$/);
  const link = new URL(linkIn(await waitForMail(email, /Confirm your email address/), '/verify-email'));
  link.searchParams.set('token', `${link.searchParams.get('token')!.slice(0, -2)}xx`);
  await page.goto(link.toString());
  await expect(page.getByRole('alert').filter({ hasText: 'This link is not valid any more' })).toBeVisible();
  await expectAccessible(page, 'invalid verification link');
  await page.goto('/w');
  await expect(page.getByRole('region', { name: 'Address confirmation' })).toBeVisible();
});

test('forgot password: the mailed link sets a new password once; the old one and a second use fail', async ({
  page,
  browser,
}) => {
  const email = await signUp(page, 'Rosa');
  await page.waitForURL(/\/w\/[^/]+$/);

  const visitor = await browser.newContext();
  const other = await visitor.newPage();
  await other.goto('/sign-in');
  await other.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(other).toHaveURL(/\/forgot-password$/);
  await expectAccessible(other, 'forgot password');
  await other.getByLabel('Email').fill(email);
  await other.getByRole('button', { name: 'Send me a link' }).click();
  await expect(other.getByRole('status')).toContainText(`If an account exists for ${email}`);

  const link = linkIn(await waitForMail(email, /Reset your Tika password/), '/reset-password');
  await other.goto(link);
  await expectAccessible(other, 'reset password');
  await other.getByLabel('New password', { exact: true }).fill('a fresh e2e password');
  await other.getByLabel('Repeat the new password').fill('a different one');
  await other.getByRole('button', { name: 'Set the new password' }).click();
  await expect(other.getByRole('alert').filter({ hasText: 'The two passwords are not the same.' })).toBeVisible();
  await other.getByLabel('Repeat the new password').fill('a fresh e2e password');
  await other.getByRole('button', { name: 'Set the new password' }).click();
  await expect(other.getByRole('status')).toContainText('Your new password is set');
  await waitForMail(email, /password was changed/);

  // The first browser was signed out by the reset (within the 30-second session cache).
  await expect
    .poll(async () => (await page.request.get('/api/v1/me', { headers: { 'cache-control': 'no-cache' } })).status(), {
      timeout: 45_000,
      intervals: [2_000],
    })
    .toBe(401);

  // Used once: the same link is refused, and offers a new one.
  await other.goto(link);
  await other.getByLabel('New password', { exact: true }).fill('an attacker password');
  await other.getByLabel('Repeat the new password').fill('an attacker password');
  await other.getByRole('button', { name: 'Set the new password' }).click();
  await expect(other.getByRole('alert').filter({ hasText: 'This link is not valid any more' })).toBeVisible();
  await expect(other.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();

  await other.goto('/sign-in');
  await other.getByLabel('Email').fill(email);
  await other.getByLabel('Password').fill(password);
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expect(other.getByRole('alert').filter({ hasText: 'do not match' })).toBeVisible();
  await other.getByLabel('Password').fill('a fresh e2e password');
  await other.getByRole('button', { name: 'Sign in' }).click();
  await other.waitForURL(/\/w\/[^/]+$/);
  await visitor.close();
});

test('the invitation arrives by mail; the invitee signs up from it, confirms the address and joins', async ({
  page,
  browser,
}) => {
  await signUp(page, 'Inviter');
  await page.waitForURL(/\/w\/[^/]+$/);
  const slug = new URL(page.url()).pathname.split('/')[2]!;
  const invitee = uniqueEmail('invitee');
  await page.goto(`/w/${slug}/settings/members`);
  await page.getByRole('textbox', { name: /^Email/ }).fill(invitee);
  await page.getByTestId('invite-role').selectOption('member');
  await page.getByRole('button', { name: 'Create invite link' }).click();
  await expect(page.getByTestId('one-time-secret')).toBeVisible();

  const invitation = await waitForMail(invitee, /invited you to .* on Tika/);
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto(invitation.links.find((l) => new URL(l).pathname.startsWith('/invite/'))!);
  await other.getByRole('link', { name: 'Create an account' }).click();
  await other.getByLabel('Name').fill('Invitee');
  await other.getByLabel('Email').fill(invitee);
  await other.getByLabel('Password').fill(password);
  await other.getByRole('button', { name: 'Sign up' }).click();
  // Not verified yet: accepting would be refused (EMAIL_NOT_VERIFIED), so the page offers no Accept and says why.
  await expect(other.getByRole('status').filter({ hasText: 'which is not verified yet' })).toBeVisible();
  await expect(other.getByRole('button', { name: 'Accept the invitation' })).toHaveCount(0);
  const back = other.url();

  await other.goto(linkIn(await waitForMail(invitee, /Confirm your email address/), '/verify-email'));
  await expect(other.getByRole('status')).toContainText('Your email address is confirmed.');
  await other.goto(back);
  await other.getByRole('button', { name: 'Accept the invitation' }).click();
  await other.waitForURL(new RegExp(`/w/${slug}$`));
  await context.close();
});
