import { expect, test, type Browser } from '@playwright/test';
import { expectAccessible, password, signUp } from './helpers';

// The account page's session list in Chromium: a second browser (a phone's user agent) shows up with its device,
// address and times; signing it out from the first browser ends it; "all other" and "everywhere" do what they say.

const phone =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

async function signInElsewhere(browser: Browser, email: string) {
  const context = await browser.newContext({ userAgent: phone });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/w\/[^/]+$/);
  return { context, page };
}

/** Signed out for good: the database refuses it at once, the signed cookie cache within its 30 seconds. */
async function expectSignedOut(page: import('@playwright/test').Page) {
  await expect
    .poll(async () => (await page.request.get('/api/v1/me')).status(), { timeout: 45_000, intervals: [2_000] })
    .toBe(401);
}

test('see every session with its device and address; sign out one, all others, then everywhere', async ({
  page,
  browser,
}) => {
  const email = await signUp(page, 'Sid');
  await page.waitForURL(/\/w\/[^/]+$/);
  const first = await signInElsewhere(browser, email);

  await page.goto('/account');
  const list = page.getByRole('list', { name: 'Active sessions' });
  await expect(list.getByTestId('session')).toHaveCount(2);
  const mine = list.getByTestId('session').filter({ hasText: '(this browser)' });
  await expect(mine).toContainText('127.0.0.1');
  const other = list.getByTestId('session').filter({ hasText: 'Chrome on Android' });
  await expect(other).toContainText('127.0.0.1');
  await expect(other).toContainText('last seen');
  await expectAccessible(page, 'account page with two sessions');

  await other.getByRole('button', { name: 'Sign out Chrome on Android' }).click();
  await expect(list.getByTestId('session')).toHaveCount(1);
  await expectSignedOut(first.page);
  await first.context.close();

  const second = await signInElsewhere(browser, email);
  const third = await signInElsewhere(browser, email);
  await page.reload();
  await expect(list.getByTestId('session')).toHaveCount(3);
  await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
  await expect(list.getByTestId('session')).toHaveCount(1);
  await expect(list.getByTestId('session')).toContainText('(this browser)');
  await expectSignedOut(second.page);
  await expectSignedOut(third.page);
  expect((await page.request.get('/api/v1/me')).status()).toBe(200);

  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.waitForURL(/\/sign-in/);
  await expectSignedOut(page);
  await second.context.close();
  await third.context.close();
});
