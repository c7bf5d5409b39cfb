import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { addTicket, column, signUp, titlesIn, uniqueEmail } from './helpers';

// A 360 px phone with touch: one column per screen, tabs and swipe between columns, a one-row header, and drag
// by touch (a long press, then move), through Chromium's touch emulation.
test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

async function touchDrag(cdp: CDPSession, from: { x: number; y: number }, to: { x: number; y: number }) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
  await new Promise((resolve) => setTimeout(resolve, 400)); // past the 200 ms long press
  const steps = 15;
  for (let i = 1; i <= steps; i++) {
    const point = { x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

const centre = async (page: Page, locator: ReturnType<Page['locator']>) => {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
};

test('phone: one column per screen, tabs, no sideways page scroll, touch drag', async ({ page }) => {
  await signUp(page, 'Pia', uniqueEmail('pia'));
  await page.waitForURL(/\/w\/[^/]+$/);
  await page.getByLabel('Name', { exact: true }).fill('Phone');
  await page.getByRole('button', { name: 'Create board' }).click();
  await page.waitForURL(/\/b\/[0-9a-f-]{36}$/);
  for (const title of ['First', 'Second', 'Third']) await addTicket(page, 'To do', title);

  // The header is one row and the first card is in the top third of the screen.
  const header = (await page.locator('header').boundingBox())!;
  expect(header.height).toBeLessThanOrEqual(56);
  const firstCard = (await page.locator('[data-testid=ticket-card]').first().boundingBox())!;
  expect(firstCard.y).toBeLessThan(740 / 3);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  // One column fills the screen.
  const todo = (await column(page, 'To do').boundingBox())!;
  expect(todo.width).toBeGreaterThan(300);

  // Tabs bring the next column into view.
  const tabs = page.getByRole('navigation', { name: 'Columns' });
  await tabs.getByRole('button', { name: /In progress/ }).click();
  await expect.poll(async () => (await column(page, 'In progress').boundingBox())!.x).toBeLessThan(40);
  await expect(tabs.getByRole('button', { name: /In progress/ })).toHaveAttribute('aria-current', 'true');
  await tabs.getByRole('button', { name: /To do/ }).click();
  await expect.poll(async () => (await column(page, 'To do').boundingBox())!.x).toBeGreaterThanOrEqual(0);

  // Touch drag: long-press the first card and drop it below the third.
  const cdp = await page.context().newCDPSession(page);
  const cards = column(page, 'To do').locator('[data-testid=ticket-card]');
  const from = await centre(page, cards.nth(0));
  const third = (await cards.nth(2).boundingBox())!;
  await touchDrag(cdp, from, { x: from.x, y: third.y + third.height * 0.8 });
  await expect(page.getByTestId('board-status')).toContainText('Moved “First” to To do, position 3');
  expect(await titlesIn(page, 'To do')).toEqual(['Second', 'Third', 'First']);
  await page.reload();
  await expect.poll(() => titlesIn(page, 'To do')).toEqual(['Second', 'Third', 'First']);
});
