import { expect, test, type Page } from '@playwright/test';
import { addTicket, card, column, signUp, titlesIn } from './helpers';

// The board as a newcomer uses it: where dropped and created cards land, filters, shortcuts, the ticket dialog.
test.describe.configure({ mode: 'serial' });

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await (await browser.newContext()).newPage();
  await signUp(page, 'Nia');
  await page.waitForURL(/\/w\/[^/]+$/);
  await page.getByLabel('Name', { exact: true }).fill('Placement');
  await page.getByLabel(/Columns/).fill('Left, Right');
  await page.getByRole('button', { name: 'Create board' }).click();
  await page.waitForURL(/\/b\/[0-9a-f-]{36}$/);
});
test.afterAll(async () => {
  await page?.context().close();
});

/** A pointer drag released at a fraction of the target's height (0 = its top edge, 1 = its bottom edge). */
async function dragOnto(source: ReturnType<typeof card>, target: ReturnType<typeof card>, fraction: number) {
  const from = (await source.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 5 });
  const to = (await target.boundingBox())!;
  const y = to.y + to.height * fraction;
  await page.mouse.move(to.x + to.width / 2, y, { steps: 20 });
  await page.mouse.move(to.x + to.width / 2, y + 1, { steps: 3 });
  await page.mouse.up();
}

test('bug 3: a card dropped on the lower half of a card in another column lands below it', async () => {
  for (const title of ['L1', 'L2']) await addTicket(page, 'Left', title);
  for (const title of ['R1', 'R2']) await addTicket(page, 'Right', title);
  await dragOnto(card(column(page, 'Left'), 'L1'), card(column(page, 'Right'), 'R1'), 0.8);
  await expect(page.getByTestId('board-status')).toContainText('Moved “L1” to Right, position 2');
  expect(await titlesIn(page, 'Right')).toEqual(['R1', 'L1', 'R2']);
  // …and on the upper half: above it. (R1, the first card: a card lower down moves away as the dragged card's
  // gap opens above it, so its old position is no target.)
  await dragOnto(card(column(page, 'Left'), 'L2'), card(column(page, 'Right'), 'R1'), 0.2);
  await expect(page.getByTestId('board-status')).toContainText('Moved “L2” to Right, position 1');
  expect(await titlesIn(page, 'Right')).toEqual(['L2', 'R1', 'L1', 'R2']);
  await page.reload();
  await expect.poll(() => titlesIn(page, 'Right')).toEqual(['L2', 'R1', 'L1', 'R2']);
});

test('bug 6: quick add at the bottom and at the top, the same rule as the API', async () => {
  await addTicket(page, 'Left', 'Bottom one');
  expect((await titlesIn(page, 'Left')).at(-1)).toBe('Bottom one');
  const left = column(page, 'Left');
  await left.getByRole('button', { name: 'Add ticket to the top of Left' }).click();
  await left.getByLabel('Title of the new ticket at the top of Left').fill('Top one');
  await left.getByLabel('Title of the new ticket at the top of Left').press('Enter');
  await expect(page.getByTestId('board-status')).toContainText('Added “Top one” to the top of Left');
  expect((await titlesIn(page, 'Left'))[0]).toBe('Top one');
  await page.reload();
  await expect.poll(async () => (await titlesIn(page, 'Left'))[0]).toBe('Top one');
  expect((await titlesIn(page, 'Left')).at(-1)).toBe('Bottom one');
});

test('bug 5: filters say "1 match" and "2 matches", live in the URL, and survive a reload', async () => {
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeFocused();
  await page.keyboard.type('one');
  await expect(column(page, 'Left').getByTestId('column-matches')).toHaveText('2 matches');
  await expect(column(page, 'Right').getByTestId('column-matches')).toHaveText('0 matches');
  await page.getByRole('searchbox', { name: 'Search' }).fill('Top one');
  await expect(column(page, 'Left').getByTestId('column-matches')).toHaveText('1 match');
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('Top one');
  await page.getByRole('button', { name: 'Filters', exact: true }).click();
  await page.getByRole('dialog').getByLabel('Priority').selectOption('none');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Filters, 1 active' })).toBeVisible();
  const shared = page.url();
  expect(new URL(shared).searchParams.get('priority')).toBe('none');
  // Someone opening the shared link sees the same filtered board.
  await page.goto(shared);
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('Top one');
  await expect(column(page, 'Left').getByTestId('column-matches')).toHaveText('1 match');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(column(page, 'Left').getByTestId('column-matches')).toHaveCount(0);
  expect(new URL(page.url()).search).toBe('');
});

test('bug 5: the board description is rendered as Markdown', async () => {
  await page.getByRole('button', { name: 'Board settings' }).click();
  await page.getByLabel('Description').fill('Ship **fast**, see [the plan](https://example.test/plan)');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.board-description strong')).toHaveText('fast');
  await expect(page.locator('.board-description a')).toHaveAttribute('href', 'https://example.test/plan');
  await expect(page.locator('.board-description')).not.toContainText('**');
});

test('keyboard shortcuts: n adds a ticket, e edits the focused one, ? lists them', async () => {
  await page.keyboard.press('n');
  const input = page.getByLabel('Title of the new ticket in Left');
  await expect(input).toBeFocused();
  await input.fill('From the keyboard');
  await input.press('Enter');
  await expect(card(column(page, 'Left'), 'From the keyboard')).toBeVisible();
  await input.press('Escape');
  await card(column(page, 'Left'), 'From the keyboard').getByRole('button', { name: 'Move From the keyboard' }).focus();
  await page.keyboard.press('e');
  await expect(page.getByRole('dialog', { name: 'Quick edit' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('New ticket');
  await page.keyboard.press('Escape');
});
