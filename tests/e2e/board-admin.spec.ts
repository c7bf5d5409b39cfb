import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { acceptAsNewAccount, addTicket, column, createInviteLink, signUp } from './helpers';

// Running a board and a workspace from the UI: reorder columns, rename, archive, restore and delete a board,
// hand the workspace to another member. Each step is checked in the UI, after a reload and in the API.
test.describe.configure({ mode: 'serial' });

let owner: BrowserContext;
let page: Page;
let other: BrowserContext;
let otherPage: Page;
let slug = '';
let boardPath = '';

const columnNames = async (p: Page) => p.locator('[data-testid=column] .column-title').allTextContents();
const api = (p: Page, path: string) => p.request.get(`/api/v1${path}`, { headers: { 'x-tika-workspace': slug } });

test.beforeAll(async ({ browser }) => {
  owner = await browser.newContext();
  page = await owner.newPage();
  other = await browser.newContext();
  otherPage = await other.newPage();
});
test.afterAll(async () => {
  await owner?.close();
  await other?.close();
});

test('reorder columns from the column settings; the order survives a reload', async () => {
  await signUp(page, 'Grace');
  await page.waitForURL(/\/w\/[^/]+$/);
  slug = new URL(page.url()).pathname.split('/')[2]!;
  await page.getByLabel('Name', { exact: true }).fill('Roadmap');
  await page.getByLabel(/Columns/).fill('Backlog, Doing, Review, Done');
  await page.getByRole('button', { name: 'Create board' }).click();
  await page.waitForURL(/\/b\/[0-9a-f-]{36}$/);
  boardPath = new URL(page.url()).pathname;
  await addTicket(page, 'Review', 'Keep me');

  await page.getByRole('button', { name: 'Column settings for Done' }).click();
  await page.getByLabel('Position').selectOption({ label: 'First' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => columnNames(page)).toEqual(['Done', 'Backlog', 'Doing', 'Review']);

  await page.getByRole('button', { name: 'Column settings for Review' }).click();
  await page.getByLabel('Position').selectOption({ label: 'After Done' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => columnNames(page)).toEqual(['Done', 'Review', 'Backlog', 'Doing']);
  // The ticket travelled with its column.
  await expect(column(page, 'Review').locator('.card-title')).toHaveText(['Keep me']);

  // Saving a column without touching its position keeps it where it is (name change only).
  await page.getByRole('button', { name: 'Column settings for Backlog' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Ideas');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => columnNames(page)).toEqual(['Done', 'Review', 'Ideas', 'Doing']);

  await page.reload();
  await expect.poll(() => columnNames(page)).toEqual(['Done', 'Review', 'Ideas', 'Doing']);
  const boardId = boardPath.split('/').pop()!;
  const view = (await (await api(page, `/boards/${boardId}`)).json()) as { columns: { name: string }[] };
  expect(view.columns.map((c) => c.name)).toEqual(['Done', 'Review', 'Ideas', 'Doing']);
});

test('rename, archive and restore a board', async () => {
  await page.getByRole('button', { name: 'Board settings' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Roadmap 2027');
  await page.getByLabel('Description').fill('What we ship next year');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Roadmap 2027' })).toBeVisible();
  await expect(page.getByText('What we ship next year')).toBeVisible();

  await page.getByRole('button', { name: 'Board settings' }).click();
  await page.getByRole('button', { name: 'Archive board' }).click();
  await expect(page.getByText('This board is archived')).toBeVisible();

  // Archived boards leave the list and come back with "Show archived boards".
  await page.goto(`/w/${slug}`);
  await expect(page.getByText('No boards yet')).toBeVisible();
  await page.getByLabel('Show archived boards').check();
  const item = page.locator('.board-list li').filter({ hasText: 'Roadmap 2027' });
  await expect(item.getByText('Archived')).toBeVisible();
  await item.getByRole('link', { name: 'Roadmap 2027' }).click();
  await page.waitForURL(new RegExp(`${boardPath}$`));
  await page.getByRole('button', { name: 'Restore board' }).click();
  await expect(page.getByText('This board is archived')).toHaveCount(0);

  await page.goto(`/w/${slug}`);
  await expect(page.getByRole('link', { name: 'Roadmap 2027' })).toBeVisible();
  const boards = (await (await api(page, '/boards')).json()) as { data: { name: string; archivedAt: string | null }[] };
  expect(boards.data).toEqual([expect.objectContaining({ name: 'Roadmap 2027', archivedAt: null })]);
});

test('delete a board only after typing its name; the audit log records it', async () => {
  await page.goto(boardPath);
  await page.getByRole('button', { name: 'Board settings' }).click();
  const remove = page.getByRole('button', { name: 'Delete this board' });
  await expect(remove).toBeDisabled();
  await page.getByLabel(/Type Roadmap 2027 to confirm/).fill('Roadmap');
  await expect(remove).toBeDisabled();
  await page.getByLabel(/Type Roadmap 2027 to confirm/).fill('Roadmap 2027');
  await remove.click();
  await page.waitForURL(new RegExp(`/w/${slug}$`));
  await expect(page.getByText('No boards yet')).toBeVisible();

  const boardId = boardPath.split('/').pop()!;
  expect((await api(page, `/boards/${boardId}`)).status()).toBe(404);
  const audit = (await (await api(page, '/audit-log?resourceType=board')).json()) as {
    data: { action: string; resourceId: string }[];
  };
  const actions = audit.data.filter((e) => e.resourceId === boardId).map((e) => e.action);
  expect(actions).toEqual(expect.arrayContaining(['CREATE', 'UPDATE', 'ARCHIVE', 'RESTORE', 'DELETE']));
});

test('hand the workspace to another member; the former owner becomes an admin', async () => {
  await acceptAsNewAccount(otherPage, await createInviteLink(page, slug, 'admin'), 'Linus', slug);
  await page.reload();
  const row = (name: string) => page.getByRole('row').filter({ hasText: name });
  // Nobody can make themselves owner twice: the owner's own row has no button.
  await expect(row('Grace').getByRole('button', { name: 'Make owner' })).toHaveCount(0);
  page.once('dialog', (dialog) => void dialog.accept());
  await row('Linus').getByRole('button', { name: 'Make owner' }).click();
  await expect(row('Linus').getByRole('cell', { name: 'owner', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Make owner' })).toHaveCount(0);
  await expect(row('Grace').getByRole('cell', { name: 'admin', exact: true })).toBeVisible();

  const members = (await (await api(otherPage, '/members')).json()) as { data: { name: string; role: string }[] };
  expect(Object.fromEntries(members.data.map((m) => [m.name, m.role]))).toEqual({ Grace: 'admin', Linus: 'owner' });
  // The new owner sees the control; the workspace still has exactly one owner.
  await otherPage.goto(`/w/${slug}/settings/members`);
  await expect(
    otherPage.getByRole('row').filter({ hasText: 'Grace' }).getByRole('button', { name: 'Make owner' }),
  ).toBeVisible();
});
