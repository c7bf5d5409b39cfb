import { expect, request, test, type BrowserContext, type Page } from '@playwright/test';
import { acceptAsNewAccount, addTicket, card, column, createInviteLink, mouseDrag, signUp, titlesIn } from './helpers';

// The newcomer journey in a real browser against the production build: one owner, one invited viewer.
test.describe.configure({ mode: 'serial' });

let owner: BrowserContext;
let ownerPage: Page;
let viewer: BrowserContext;
let viewerPage: Page;
let boardUrl = '';
let workspaceSlug = '';

test.beforeAll(async ({ browser }) => {
  owner = await browser.newContext();
  ownerPage = await owner.newPage();
  viewer = await browser.newContext();
  viewerPage = await viewer.newPage();
});
test.afterAll(async () => {
  await owner?.close();
  await viewer?.close();
});

test('sign up, create a board, add columns and tickets', async () => {
  const page = ownerPage;
  await signUp(page, 'Ada');
  await page.waitForURL(/\/w\/[^/]+$/);
  workspaceSlug = new URL(page.url()).pathname.split('/')[2]!;
  await expect(page.getByText('No boards yet')).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill('Launch');
  await page.getByLabel(/Columns/).fill('To do, Doing');
  await page.getByRole('button', { name: 'Create board' }).click();
  await page.waitForURL(/\/b\/[0-9a-f-]{36}$/);
  boardUrl = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { name: 'Launch' })).toBeVisible();

  // A third column with a WIP limit of 1.
  await page.getByLabel('New column').fill('Done');
  await page.getByLabel('WIP limit').fill('1');
  await page.getByRole('button', { name: 'Add column' }).click();
  await expect(column(page, 'Done')).toBeVisible();
  await expect(column(page, 'Done').getByTestId('column-count')).toHaveText('0 / 1');

  // New tickets go to the bottom of their column: the same rule as the API's (bug 6 of issue 18).
  for (const title of ['Alpha', 'Beta', 'Gamma']) await addTicket(page, 'To do', title);
  expect(await titlesIn(page, 'To do')).toEqual(['Alpha', 'Beta', 'Gamma']);
  await expect(column(page, 'To do').getByTestId('column-count')).toHaveText('3');
});

test('drag a ticket with the mouse', async () => {
  const page = ownerPage;
  await mouseDrag(page, card(column(page, 'To do'), 'Alpha'), column(page, 'Doing').locator('.column-list'), 'top');
  await expect(page.getByTestId('board-status')).toContainText('Moved “Alpha” to Doing');
  expect(await titlesIn(page, 'Doing')).toEqual(['Alpha']);
  expect(await titlesIn(page, 'To do')).toEqual(['Beta', 'Gamma']);
});

test('drag a ticket with the keyboard, with screen-reader announcements', async () => {
  const page = ownerPage;
  const handle = card(column(page, 'To do'), 'Beta').getByRole('button', { name: 'Move Beta' });
  await handle.focus();
  await expect(handle).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.locator('[id^=DndLiveRegion]')).toContainText('Picked up ticket Beta');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[id^=DndLiveRegion]')).toContainText('position 2 of 2');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('board-status')).toContainText('Moved “Beta” to To do, position 2');
  expect(await titlesIn(page, 'To do')).toEqual(['Gamma', 'Beta']);
});

test('an optimistic move over the WIP limit rolls back with a clear message', async () => {
  const page = ownerPage;
  await mouseDrag(page, card(column(page, 'To do'), 'Beta'), column(page, 'Done').locator('.column-list'), 'top');
  await expect(page.getByTestId('board-status')).toContainText('Moved “Beta” to Done');
  await expect(column(page, 'Done').getByTestId('column-count')).toHaveText('1 / 1');
  await expect(column(page, 'Done')).toHaveClass(/wip-at/);
  await mouseDrag(page, card(column(page, 'To do'), 'Gamma'), column(page, 'Done').locator('.column-list'), 'top');
  await expect(page.getByTestId('board-alert')).toContainText('Move of “Gamma” undone. Done is at its WIP limit.');
  expect(await titlesIn(page, 'To do')).toEqual(['Gamma']);
  expect(await titlesIn(page, 'Done')).toEqual(['Beta']);
  await expect(column(page, 'Done').getByTestId('column-count')).toHaveText('1 / 1');
});

test('after a reload the order is the one the server kept', async () => {
  const page = ownerPage;
  await page.reload();
  await expect(column(page, 'To do')).toBeVisible();
  await expect.poll(() => titlesIn(page, 'To do')).toEqual(['Gamma']);
  expect(await titlesIn(page, 'Doing')).toEqual(['Alpha']);
  expect(await titlesIn(page, 'Done')).toEqual(['Beta']);
});

test('invite a viewer by link; the viewer sees a read-only board and the server refuses their writes', async () => {
  const page = ownerPage;
  const link = await createInviteLink(page, workspaceSlug, 'viewer');
  expect(link).toMatch(/\/invite\/tinv_/);
  await acceptAsNewAccount(viewerPage, link, 'Vic', workspaceSlug);

  await viewerPage.goto(boardUrl);
  await expect(card(column(viewerPage, 'Doing'), 'Alpha')).toBeVisible();
  await expect(viewerPage.getByText('Read-only')).toBeVisible();
  await expect(viewerPage.getByRole('button', { name: /Add ticket/ })).toHaveCount(0);
  await expect(viewerPage.getByRole('button', { name: /^Move / })).toHaveCount(0);
  await expect(viewerPage.getByRole('button', { name: /Quick edit/ })).toHaveCount(0);
  // Dragging does nothing for a viewer.
  await mouseDrag(
    viewerPage,
    card(column(viewerPage, 'Doing'), 'Alpha'),
    column(viewerPage, 'To do').locator('.column-list'),
    'top',
  );
  expect(await titlesIn(viewerPage, 'Doing')).toEqual(['Alpha']);
  // The server enforces it regardless of the UI.
  const columnId = await column(viewerPage, 'To do').getAttribute('data-column-id');
  const denied = await viewerPage.request.post('/api/v1/tickets', {
    headers: { 'x-tika-workspace': workspaceSlug },
    data: { columnId, title: 'nope' },
  });
  expect(denied.status()).toBe(403);
});

test("a second browser sees the owner's move in real time", async () => {
  await expect(viewerPage.getByTestId('live-status')).toHaveText('Live');
  await ownerPage.goto(boardUrl);
  await mouseDrag(
    ownerPage,
    card(column(ownerPage, 'Doing'), 'Alpha'),
    column(ownerPage, 'To do').locator('.column-list'),
    'top',
  );
  await expect(ownerPage.getByTestId('board-status')).toContainText('Moved “Alpha” to To do');
  // No reload on the viewer's side.
  await expect(card(column(viewerPage, 'To do'), 'Alpha')).toBeVisible({ timeout: 10_000 });
  await expect(card(column(viewerPage, 'Doing'), 'Alpha')).toHaveCount(0);
  await expect(column(viewerPage, 'Doing').getByTestId('column-count')).toHaveText('0');
});

test('create an API token and use it', async ({ baseURL }) => {
  const page = ownerPage;
  await page.goto(`/w/${workspaceSlug}/settings/tokens`);
  await expect(page.getByText('No API tokens yet')).toBeVisible();
  await page.getByLabel('Name').fill('ci');
  await page.getByLabel('Role').selectOption('member');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = await page.getByTestId('one-time-secret').inputValue();
  expect(token).toMatch(/^tika_/);
  await expect(page.getByRole('cell', { name: 'ci', exact: true })).toBeVisible();

  // A plain HTTP client, no cookies: the token alone picks the workspace.
  const client = await request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const boards = await client.get('/api/v1/boards');
  expect(boards.status()).toBe(200);
  const board = (await boards.json()).data.find((b: { name: string }) => b.name === 'Launch');
  expect(board).toBeTruthy();
  const view = await (await client.get(`/api/v1/boards/${board.id}`)).json();
  const doing = view.columns.find((c: { name: string }) => c.name === 'Doing');
  const created = await client.post('/api/v1/tickets', { data: { columnId: doing.id, title: 'From the API' } });
  expect(created.status()).toBe(201);
  await client.dispose();
  // …and the viewer's open board shows it without a reload.
  await expect(card(column(viewerPage, 'Doing'), 'From the API')).toBeVisible({ timeout: 10_000 });
});

test('ticket dialog: safe markdown, comments and activity; its own URL, Back closes it', async () => {
  const page = ownerPage;
  await page.goto(boardUrl);
  await card(column(page, 'To do'), 'Alpha').getByRole('link', { name: 'Alpha' }).click();
  const dialog = page.getByRole('dialog', { name: 'Alpha' });
  await expect(dialog).toBeVisible();
  expect(new URL(page.url()).searchParams.get('ticket')).toMatch(/^[0-9a-f-]{36}$/);
  await dialog.getByRole('button', { name: 'Edit', exact: true }).click();
  await dialog
    .getByRole('textbox', { name: /Description/ })
    .fill('**Bold** text <img src=x onerror="window.__xss=1"> [bad](javascript:alert(1))');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.locator('.markdown strong')).toHaveText('Bold');
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(dialog.locator('.markdown img')).toHaveCount(0);
  expect(await dialog.locator('.markdown a').first().getAttribute('href')).not.toContain('javascript:');
  await dialog.getByLabel(/Add a comment/).fill('Looks *good*');
  await dialog.getByRole('button', { name: 'Comment' }).click();
  await expect(dialog.locator('.comments em')).toHaveText('good');
  await expect(dialog.locator('.activity')).toContainText('Ada moved it from Doing to To do');
  await expect(dialog.locator('.activity')).toContainText('changed description');
  // A deep link opens it again; Back closes it and leaves the board where it was.
  const deepLink = page.url();
  await page.goBack();
  await expect(dialog).toHaveCount(0);
  await expect(column(page, 'To do')).toBeVisible();
  await page.goto(deepLink);
  await expect(page.getByRole('dialog', { name: 'Alpha' })).toBeVisible();
  await expect(page.getByRole('dialog').locator('.comments em')).toHaveText('good');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(new URL(page.url()).searchParams.has('ticket')).toBe(false);
  // The ticket's own page (links from elsewhere) shows the same.
  const ticketId = new URL(deepLink).searchParams.get('ticket');
  await page.goto(`/w/${workspaceSlug}/t/${ticketId}`);
  await expect(page.getByRole('heading', { name: 'Alpha', level: 1 })).toBeVisible();
  await expect(page.locator('.comments em')).toHaveText('good');
});
