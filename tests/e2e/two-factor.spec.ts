import { expect, test, type Page } from '@playwright/test';
import { totpCode, wrongCode } from '../support/totp';
import { acceptAsNewAccount, createInviteLink, expectAccessible, password, signUp } from './helpers';

// Two-factor authentication in Chromium: enrolment on the account page (the key from the page, codes computed
// here by RFC 6238 as an authenticator app would), sign-in with a TOTP code and with a backup code, and a
// workspace whose owner requires a second factor of every member.

const uri = (secret: string) => `otpauth://totp/Tika?secret=${secret}`;

/** On /account: turns on the second factor; returns the key and the backup codes the page showed. */
async function enrolOnAccountPage(page: Page, label?: string) {
  const section = page.getByRole('region', { name: 'Two-factor authentication' });
  await expect(section.getByRole('status').first()).toContainText('Off');
  await section.getByLabel('Your password').fill(password);
  await section.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  await expect(page.getByRole('img', { name: 'QR code of the authenticator secret' })).toBeVisible();
  const backupCodes = await page.getByTestId('backup-codes').locator('li').allTextContents();
  expect(backupCodes).toHaveLength(10);
  if (label) await expectAccessible(page, label);

  // A wrong code first: refused, still off.
  await section.getByLabel('Code from the app').fill(wrongCode(uri(secret)));
  await section.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  await expect(section.getByRole('alert')).toContainText('That code is not right');
  await section.getByLabel('Code from the app').fill(totpCode(uri(secret)));
  await section.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  await expect(section.getByRole('status').first()).toContainText('On: signing in asks for a code');
  return { secret, backupCodes };
}

async function signInWithPassword(page: Page, email: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('enrol with an authenticator app, then sign in with a TOTP code and with a backup code once', async ({
  page,
  browser,
}) => {
  const email = await signUp(page, 'Tess');
  await page.waitForURL(/\/w\/[^/]+$/);
  // The account page is in the account menu (the avatar at the top right).
  await page.getByRole('button', { name: /^Account: / }).click();
  await page.getByRole('menuitem', { name: 'Account and security' }).click();
  await page.waitForURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await expectAccessible(page, 'account page');
  const { secret, backupCodes } = await enrolOnAccountPage(page, 'two-factor enrolment');
  await expectAccessible(page, 'account page with two-factor on');

  // Another browser: the password alone is not enough any more.
  const context = await browser.newContext();
  const other = await context.newPage();
  await signInWithPassword(other, email);
  await other.waitForURL(/\/two-factor/);
  await expect(other.getByRole('heading', { name: 'Two-factor authentication' })).toBeVisible();
  await expectAccessible(other, 'two-factor sign-in step');
  expect((await other.request.get('/api/v1/me')).status()).toBe(401);
  await other.getByLabel('Authentication code').fill(wrongCode(uri(secret)));
  await other.getByRole('button', { name: 'Verify' }).click();
  await expect(other.getByRole('alert').filter({ hasText: 'That code is not right' })).toBeVisible();
  expect((await other.request.get('/api/v1/me')).status()).toBe(401);
  await other.getByLabel('Authentication code').fill(totpCode(uri(secret)));
  await other.getByRole('button', { name: 'Verify' }).click();
  await other.waitForURL(/\/w\/[^/]+$/);
  expect((await other.request.get('/api/v1/me')).status()).toBe(200);
  await context.close();

  // A backup code signs in once; the same code a second time is refused.
  for (const attempt of ['first', 'replay'] as const) {
    const fresh = await browser.newContext();
    const tab = await fresh.newPage();
    await signInWithPassword(tab, email);
    await tab.waitForURL(/\/two-factor/);
    await tab.getByRole('button', { name: 'Use a backup code instead' }).click();
    await tab.getByLabel('Backup code').fill(backupCodes[0]!);
    await tab.getByRole('button', { name: 'Verify' }).click();
    if (attempt === 'first') await tab.waitForURL(/\/w\/[^/]+$/);
    else {
      await expect(tab.getByRole('alert').filter({ hasText: 'That code is not right' })).toBeVisible();
      expect((await tab.request.get('/api/v1/me')).status()).toBe(401);
    }
    await fresh.close();
  }
});

test('an owner requires two-factor authentication; a member without it is asked to enrol, then enters', async ({
  page,
  browser,
}) => {
  await signUp(page, 'Owner');
  await page.waitForURL(/\/w\/[^/]+$/);
  const slug = new URL(page.url()).pathname.split('/')[2]!;
  const link = await createInviteLink(page, slug, 'member');

  await page.goto(`/w/${slug}/settings`);
  const policy = page.getByRole('region', { name: 'Two-factor authentication' });
  await expect(
    policy.getByRole('button', { name: 'Require two-factor authentication for all members' }),
  ).toBeDisabled();
  await policy.getByRole('link', { name: 'turn it on for your own account' }).click();
  await page.waitForURL(/\/account$/);
  await enrolOnAccountPage(page);
  await page.goto(`/w/${slug}/settings`);
  await policy.getByRole('button', { name: 'Require two-factor authentication for all members' }).click();
  await expect(policy.getByRole('status')).toHaveText('Two-factor authentication is now required of every member.');
  await expectAccessible(page, 'workspace settings with two-factor required');

  const context = await browser.newContext();
  const member = await context.newPage();
  await acceptAsNewAccount(member, link, 'Mia', slug);
  await expect(member.getByRole('heading', { name: 'Two-factor authentication required' })).toBeVisible();
  await expectAccessible(member, 'two-factor required of a member');
  await member.getByRole('link', { name: 'Set up two-factor authentication' }).click();
  await member.waitForURL(/\/account\?next=/);
  await enrolOnAccountPage(member);
  await member.getByRole('link', { name: 'Continue where you were' }).click();
  await member.waitForURL(new RegExp(`/w/${slug}$`));
  await expect(member.getByRole('navigation', { name: 'Workspace' })).toBeVisible();
  await expect(member.getByRole('heading', { name: 'Two-factor authentication required' })).toHaveCount(0);
  await context.close();
});
