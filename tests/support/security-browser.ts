import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { stack } from './security-client';

// Debian's chromium through Playwright (never a downloaded browser). The context trusts nothing extra: Caddy's
// certificate comes from its own local CA, so certificate errors are ignored for 127.0.0.1 only.

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Signs in through the real form over TLS (Caddy), so the browser holds the cookies exactly as set. */
export async function signedInContext(
  browser: Browser,
  email: string,
  password: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: stack().publicUrl });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/w\//, { timeout: 30_000 });
  return { context, page };
}
