import { cpSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBoard, newWorkspace, send, type Board, type Workspace } from '../support/faults-api';
import { faultAppEnv, recordFaults, startFaultPostgres, type FaultPostgres } from '../support/faults-env';
import { call } from '../support/http-client';
import { root, serverJs, sleep, startApp, waitFor, type App } from '../support/procs';
import { launchChromium } from '../support/security-browser';

// Live updates that cannot go stale: two browsers watch one board; PostgreSQL restarts under them (the app's
// LISTEN connection drops, the streams' access re-checks may hit the outage). Once the database is back, a move
// made in one browser shows in the other within 2 s, without a reload, and both still say "Live" — not
// "Updating every few seconds" (polling for good, as before).

let db: FaultPostgres;
let app: App;
let browser: Browser;
let owner: Workspace;
let board: Board;
let ticket: { id: string; version: number; title: string };
const pages: Page[] = [];

async function openBoard(slug: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.url });
  // The session of the owner's sign-up, as the browser would hold it after signing in.
  await context.addCookies(
    owner.cookie.split('; ').map((pair) => {
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at), value: pair.slice(at + 1), url: app.url };
    }),
  );
  const page = await context.newPage();
  const seen: string[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/events')) seen.push(`${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => seen.push(`console: ${m.text()}`));
  await page.goto(`/w/${slug}/b/${board.id}`);
  await waitFor(
    'the board to go live',
    async () => {
      const status = await page
        .getByTestId('live-status')
        .textContent({ timeout: 1_000 })
        .catch(() => null);
      if (status !== 'Live')
        throw new Error(`at ${page.url()} the live status says ${JSON.stringify(status)}; ${seen.join(' | ')}`);
      return true;
    },
    60_000,
    200,
  );
  // A reload would drop this marker: the change must arrive through the live stream, not a page load.
  await page.evaluate(() => ((window as unknown as { tikaNoReload: boolean }).tikaNoReload = true));
  return page;
}

const columnHolding = (page: Page, title: string) =>
  page.evaluate((wanted) => {
    for (const column of document.querySelectorAll('[data-testid="column"]'))
      for (const card of column.querySelectorAll('[data-testid="ticket-card"]'))
        if (card.textContent?.includes(wanted)) return column.getAttribute('data-column-id');
    return null;
  }, title);

beforeAll(async () => {
  // The standalone server serves the client bundles only from its own copy (as the e2e start script makes it).
  cpSync(path.join(root, '.next', 'static'), path.join(path.dirname(serverJs), '.next', 'static'), { recursive: true });
  db = await startFaultPostgres('resync');
  app = await startApp({ ...faultAppEnv(db), LOG_LEVEL: 'info' });
  owner = await newWorkspace(app.url);
  board = await newBoard(owner.caller, 'Live board');
  const created = await send(owner.caller, 'POST', '/api/v1/tickets', {
    body: { columnId: board.columnIds[0], title: 'Watched across a restart' },
  });
  expect(created.status).toBe(201);
  ticket = { id: created.body.id, version: created.body.version, title: 'Watched across a restart' };
  const me = await call(app.url, 'GET', '/api/v1/me', { cookie: owner.cookie });
  const slug = me.body.workspaces[0].slug as string;
  browser = await launchChromium();
  pages.push(await openBoard(slug), await openBoard(slug));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await db?.destroy();
});

describe('live board across a PostgreSQL restart', () => {
  it('a move in one browser shows in the other within 2 s after the database returns, with no reload', async () => {
    const [a, b] = pages as [Page, Page];
    expect(await columnHolding(b, ticket.title)).toBe(board.columnIds[0]);

    const downAt = performance.now();
    await db.stop();
    await sleep(3_000);
    await db.start();
    await waitFor(
      'readiness after the restart',
      async () => (await fetch(`${app.url}/api/health/ready`)).ok,
      60_000,
      100,
    );
    const backAfterMs = Math.round(performance.now() - downAt);

    // The move is made by browser A, through its own session, as the board UI does.
    const moved = await a.evaluate(
      async ({ id, version, columnId, workspace }) => {
        const response = await fetch(`/api/v1/tickets/${id}/move`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-tika-workspace': workspace },
          body: JSON.stringify({ version, columnId }),
        });
        return response.status;
      },
      { id: ticket.id, version: ticket.version, columnId: board.columnIds[2]!, workspace: owner.workspaceId },
    );
    expect(moved).toBe(200);
    const movedAt = performance.now();
    await expect.poll(() => columnHolding(b, ticket.title), { timeout: 2_000, interval: 50 }).toBe(board.columnIds[2]);
    const shownAfterMs = Math.round(performance.now() - movedAt);

    for (const page of pages) {
      expect(await page.evaluate(() => (window as unknown as { tikaNoReload?: boolean }).tikaNoReload)).toBe(true);
      await expect.poll(() => page.getByTestId('live-status').textContent(), { timeout: 10_000 }).toBe('Live');
    }
    const resyncLogged = app
      .logs()
      .some((line) => line.msg === 'realtime LISTEN reconnected; asking open streams to resync');
    await recordFaults(
      'live-resync',
      { databaseBackAfterMs: backAfterMs, moveShownInOtherBrowserMs: shownAfterMs, resyncLogged },
      true,
    );
  });
});
