import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const password = 'a long e2e password';
export const uniqueEmail = (name: string) =>
  `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.test`;

async function fillSignUp(page: Page, name: string, email: string) {
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
}

export async function signUp(page: Page, name: string, email = uniqueEmail(name), next?: string) {
  await page.goto(next ? `/sign-up?next=${encodeURIComponent(next)}` : '/sign-up');
  await fillSignUp(page, name, email);
  return email;
}

/**
 * Signs `request` (a page's or a context's) in as the suite's instance admin (TIKA_E2E_ADMIN_EMAIL, set by
 * playwright.config.ts and made admin by start-server.mjs), creating the account on first use: the operations
 * spec and the screenshots spec both need it, in either order.
 */
export async function signInAsInstanceAdmin(request: APIRequestContext, baseURL: string) {
  const email = process.env.TIKA_E2E_ADMIN_EMAIL!;
  const headers = { origin: baseURL };
  const signIn = () => request.post('/api/auth/sign-in/email', { data: { email, password }, headers });
  if ((await signIn()).ok()) return email;
  await request.post('/api/auth/sign-up/email', { data: { name: 'Ops Admin', email, password }, headers });
  expect((await signIn()).ok(), `sign-in as the instance admin ${email}`).toBe(true);
  return email;
}

/** The members page's one-time invite link for this role (an admin or the owner on `page`). */
export async function createInviteLink(page: Page, slug: string, role: 'admin' | 'member' | 'viewer') {
  await page.goto(`/w/${slug}/settings/members`);
  await page.getByTestId('invite-role').selectOption(role);
  await page.getByRole('button', { name: 'Create invite link' }).click();
  return page.getByTestId('one-time-secret').inputValue();
}

/** A newcomer opens the link signed out, creates an account from it and accepts: they land in the workspace. */
export async function acceptAsNewAccount(page: Page, link: string, name: string, slug: string) {
  await page.goto(link);
  await expect(page.getByText('Sign in or create an account to accept')).toBeVisible();
  await page.getByRole('link', { name: 'Create an account' }).click();
  await fillSignUp(page, name, uniqueEmail(name));
  await page.getByRole('button', { name: 'Accept the invitation' }).click();
  await page.waitForURL(new RegExp(`/w/${slug}$`));
}

export const column = (page: Page, name: string): Locator =>
  page.locator('[data-testid=column]').filter({ has: page.getByRole('heading', { name, exact: true }) });
export const card = (scope: Page | Locator, title: string): Locator => {
  const page = 'page' in scope && typeof scope.page === 'function' ? (scope as Locator).page() : (scope as Page);
  return scope
    .locator('[data-testid=ticket-card]')
    .filter({ has: page.locator('.card-title', { hasText: new RegExp(`^${title}$`) }) });
};
export const titlesIn = (page: Page, name: string) => column(page, name).locator('.card-title').allTextContents();

export async function addTicket(page: Page, columnName: string, title: string) {
  const col = column(page, columnName);
  await expect(col.getByRole('heading', { name: columnName })).toBeVisible();
  if (await col.getByRole('button', { name: `Add ticket to ${columnName}` }).isVisible()) {
    await col.getByRole('button', { name: `Add ticket to ${columnName}` }).click();
  }
  await col.getByLabel(`Title of the new ticket in ${columnName}`).fill(title);
  await col.getByLabel(`Title of the new ticket in ${columnName}`).press('Enter');
  await expect(card(col, title)).toBeVisible();
}

/** A real pointer drag: press on the card, move in steps (dnd-kit's 5 px activation), release over the target. */
export async function mouseDrag(page: Page, source: Locator, target: Locator, where: 'top' | 'center' = 'center') {
  const from = (await source.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 5 });
  const to = (await target.boundingBox())!;
  const y = where === 'top' ? to.y + 12 : to.y + to.height / 2;
  await page.mouse.move(to.x + to.width / 2, y, { steps: 20 });
  await page.mouse.move(to.x + to.width / 2, y + 2, { steps: 3 });
  await page.mouse.up();
}

const axeLog = path.join('test-results', 'axe-summary.jsonl');

/** No serious or critical WCAG 2.1 A/AA violations; every finding is written to test-results/axe-summary.jsonl. */
export async function expectAccessible(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const all = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
  mkdirSync('test-results', { recursive: true });
  appendFileSync(
    axeLog,
    `${JSON.stringify({ page: label, url: page.url(), passes: results.passes.length, violations: all })}\n`,
  );
  const blocking = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking, `${label}: ${JSON.stringify(blocking, null, 2)}`).toEqual([]);
}
