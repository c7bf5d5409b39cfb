import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/security-browser';
import { signUp, stack, type Account } from '../support/security-client';
import { securityCounts } from '../support/security-results';

// Finding 2 of the outside attack (issue #12): an open redirect after sign-in. `/sign-in?next=/%5Cevil.example/`
// (and `/\evil.example`, a tab after the first slash…) sent the freshly signed-in user to another site: the check
// was "starts with / and not //", while browsers read a backslash as a slash and drop tabs and newlines.
// Now `next` is resolved against the app's origin and only a same-origin path is followed; anything else goes
// to the boards page. Checked in Chromium through the real form, behind Caddy's TLS, for sign-in and sign-up.

const { check, add } = securityCounts('redirects');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

// The values of `next` as they appear in the address bar (already percent-encoded where a browser would).
const HOSTILE = [
  '/%5Cevil.example/',
  '/\\evil.example',
  '/%5C%5Cevil.example',
  '/%09/evil.example',
  '/%0A/evil.example',
  '/%0D%0A/evil.example',
  '//evil.example',
  '/%2F/evil.example',
  '/.//evil.example',
  '/%2E//evil.example',
  'https://evil.example/',
  'https:evil.example',
  '%2F%5Cevil.example',
  '\\\\evil.example',
  'javascript:alert(document.domain)',
  'data:text/html,<script>alert(1)</script>',
  ' //evil.example',
];

async function followNext(page: Page, mode: 'sign-in' | 'sign-up', next: string, given?: Account): Promise<URL> {
  const { publicUrl } = stack();
  await page.goto(`${publicUrl}/${mode}?next=${next}`);
  if (mode === 'sign-in') {
    const account = given ?? (await signUp());
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  } else {
    await page.getByLabel('Name').fill('Redirect Test');
    await page.getByLabel('Email').fill(`redirect-${crypto.randomUUID()}@example.test`);
    await page.getByLabel('Password').fill(`pw-${crypto.randomUUID()}`);
    await page.getByRole('button', { name: 'Sign up' }).click();
  }
  await page.waitForURL((url) => url.hostname.endsWith('evil.example') || /^\/w(\/|$)/.test(url.pathname), {
    timeout: 30_000,
  });
  return new URL(page.url());
}

async function withPage<T>(work: (page: Page, visitedEvil: () => boolean) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  let evil = false;
  // The attacker's site, served locally so a successful redirect is seen rather than a DNS error.
  await context.route(
    (url) => url.hostname.endsWith('evil.example'),
    (route) => {
      evil = true;
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>evil</h1>' });
    },
  );
  try {
    return await work(await context.newPage(), () => evil);
  } finally {
    await context.close();
  }
}

describe('the next parameter after sign-in and sign-up', () => {
  it.each(HOSTILE)('sign-in with next=%s stays on the app and lands on the boards page', async (next) => {
    await withPage(async (page, visitedEvil) => {
      const landed = await followNext(page, 'sign-in', next);
      add('redirectPayloads');
      expect({ next, origin: landed.origin, evil: visitedEvil() }).toEqual({
        next,
        origin: stack().publicUrl,
        evil: false,
      });
      expect(landed.pathname).toMatch(/^\/w(\/|$)/);
    });
    check();
  });

  it.each(['/%5Cevil.example/', '/%09/evil.example', 'https://evil.example/'])(
    'sign-up with next=%s stays on the app',
    async (next) => {
      await withPage(async (page, visitedEvil) => {
        const landed = await followNext(page, 'sign-up', next);
        expect({ origin: landed.origin, evil: visitedEvil() }).toEqual({ origin: stack().publicUrl, evil: false });
      });
      check();
    },
  );

  it('a same-origin path (with its query) is still followed', async () => {
    const account = await signUp();
    const wanted = `/w/${account.slug}/settings?tab=general`;
    await withPage(async (page) => {
      const landed = await followNext(page, 'sign-in', encodeURIComponent(wanted), account);
      expect(`${landed.origin}${landed.pathname}${landed.search}`).toBe(`${stack().publicUrl}${wanted}`);
    });
    check();
  });
});
