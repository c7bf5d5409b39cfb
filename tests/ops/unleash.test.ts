import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signUp, type Session } from '../support/http-client';
import { startApp, tempDir, waitFor, type App } from '../support/procs';
import { startUnleash, type FakeUnleash } from '../support/unleash-server';

// Flags from a local Unleash: on for one workspace only (a tenantId constraint), kept when Unleash dies, read from
// the backup file on a cold start with Unleash down; workspace overrides by admins; the kill switch.

const dataDir = tempDir('unleash');
const backupDir = tempDir('unleash-backup');
let unleash: FakeUnleash;
let app: App;
let a: Session;
let b: Session;

const flagsOf = async (base: string, session: Session) => {
  const result = await call(base, 'GET', '/api/v1/flags', { cookie: session.cookie });
  expect(result.status).toBe(200);
  type Flag = { name: string; enabled: boolean; source: string };
  return Object.fromEntries((result.body.data as Flag[]).map((f) => [f.name, f])) as Record<
    'TICKET_COMMENTS' | 'KANBAN_SWIMLANES' | 'KILL_SWITCH_SEARCH',
    Flag
  >;
};

const appEnv = (url: string) => ({
  PGLITE_DATA_DIR: `${dataDir}/pglite`,
  UNLEASH_URL: url,
  UNLEASH_API_TOKEN: 'unleash-client-token',
  UNLEASH_REFRESH_MS: '1000',
  UNLEASH_BACKUP_PATH: backupDir,
  LOG_LEVEL: 'warn',
});

beforeAll(async () => {
  // Tenants are created first (through an app without Unleash) so the features can name one of them.
  const setup = await startApp({ PGLITE_DATA_DIR: `${dataDir}/pglite`, LOG_LEVEL: 'warn' });
  a = await signUp(setup.url);
  b = await signUp(setup.url);
  await setup.stop();
  const onlyA = [{ contextName: 'tenantId', operator: 'IN', values: [a.workspaceId] }];
  unleash = await startUnleash([
    { name: 'KANBAN_SWIMLANES', enabled: true, strategies: [{ name: 'default', constraints: onlyA }] },
    { name: 'TICKET_COMMENTS', enabled: true, strategies: [{ name: 'default', constraints: onlyA }] },
    { name: 'KILL_SWITCH_SEARCH', enabled: true, strategies: [{ name: 'default', constraints: onlyA }] },
  ]);
  app = await startApp(appEnv(unleash.url));
  await waitFor('the first Unleash fetch', async () => unleash.fetches > 0);
});

afterAll(async () => {
  await app?.stop();
  await unleash?.close().catch(() => undefined);
});

describe('feature flags with Unleash', () => {
  it('turns a flag on for one workspace only, with the client token', async () => {
    await waitFor('flags from Unleash', async () => (await flagsOf(app.url, a)).KANBAN_SWIMLANES.source === 'unleash');
    const flagsA = await flagsOf(app.url, a);
    const flagsB = await flagsOf(app.url, b);
    expect(flagsA.KANBAN_SWIMLANES).toMatchObject({ enabled: true, source: 'unleash' });
    expect(flagsB.KANBAN_SWIMLANES).toMatchObject({ enabled: false, source: 'unleash' });
    expect(unleash.authorization).toContain('unleash-client-token');
  });

  it('gates the comment endpoints (403 FEATURE_DISABLED) and applies the search kill switch (503)', async () => {
    const setupBoard = async (s: Session) => {
      const board = await call(app.url, 'POST', '/api/v1/boards', {
        cookie: s.cookie,
        body: { name: 'B', columns: ['To do'] },
      });
      const ticket = await call(app.url, 'POST', '/api/v1/tickets', {
        cookie: s.cookie,
        body: { columnId: board.body.columns[0].id, title: 'T' },
      });
      return ticket.body.id as string;
    };
    const ticketA = await setupBoard(a);
    const ticketB = await setupBoard(b);
    expect(
      (await call(app.url, 'POST', `/api/v1/tickets/${ticketA}/comments`, { cookie: a.cookie, body: { body: 'hi' } }))
        .status,
    ).toBe(201);
    const refused = await call(app.url, 'POST', `/api/v1/tickets/${ticketB}/comments`, {
      cookie: b.cookie,
      body: { body: 'hi' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FEATURE_DISABLED');
    expect(refused.body.flag).toBe('TICKET_COMMENTS');
    const searchA = await call(app.url, 'GET', '/api/v1/tickets?q=T', { cookie: a.cookie });
    expect(searchA.status).toBe(503);
    expect(searchA.body.code).toBe('SERVICE_UNAVAILABLE');
    expect((await call(app.url, 'GET', '/api/v1/tickets?q=T', { cookie: b.cookie })).status).toBe(200);
    expect((await call(app.url, 'GET', '/api/v1/tickets', { cookie: a.cookie })).status).toBe(200);
  });

  it('lets workspace admins override a product flag, audited; null clears it', async () => {
    const put = await call(app.url, 'PUT', '/api/v1/flags', {
      cookie: b.cookie,
      body: { overrides: { TICKET_COMMENTS: true } },
    });
    expect(put.status).toBe(200);
    expect((await flagsOf(app.url, b)).TICKET_COMMENTS).toMatchObject({ enabled: true, source: 'workspace' });
    const killOverride = await call(app.url, 'PUT', '/api/v1/flags', {
      cookie: b.cookie,
      body: { overrides: { KILL_SWITCH_SEARCH: false } },
    });
    expect(killOverride.status).toBe(422);
    const audit = await call(app.url, 'GET', '/api/v1/audit-log?resourceType=settings', { cookie: b.cookie });
    expect(audit.body.data[0]).toMatchObject({
      action: 'UPDATE',
      resourceType: 'settings',
      resourceId: 'flag:TICKET_COMMENTS',
    });
    await call(app.url, 'PUT', '/api/v1/flags', { cookie: b.cookie, body: { overrides: { TICKET_COMMENTS: null } } });
    expect((await flagsOf(app.url, b)).TICKET_COMMENTS).toMatchObject({ enabled: false, source: 'unleash' });
  });

  it('keeps the last state when Unleash dies, and reports it degraded', async () => {
    await unleash.close();
    await waitFor(
      'readiness to notice',
      async () => (await (await fetch(`${app.url}/api/health/ready`)).json()).status === 'degraded',
      15_000,
      500,
    );
    const ready = await (await fetch(`${app.url}/api/health/ready`)).json();
    expect(ready.checks.unleash.status).toBe('down');
    expect((await flagsOf(app.url, a)).KANBAN_SWIMLANES).toMatchObject({ enabled: true, source: 'unleash' });
    expect((await flagsOf(app.url, b)).KANBAN_SWIMLANES).toMatchObject({ enabled: false, source: 'unleash' });
  });

  it('starts cold with Unleash down from the backup file', async () => {
    expect(readdirSync(backupDir).some((f) => f.startsWith('unleash-backup'))).toBe(true);
    await app.stop();
    app = await startApp(appEnv(`http://127.0.0.1:${unleash.port}/api`)); // nothing listens there now
    await waitFor(
      'flags from the backup',
      async () => (await flagsOf(app.url, a)).KANBAN_SWIMLANES.source === 'unleash',
      15_000,
      300,
    );
    expect((await flagsOf(app.url, a)).KANBAN_SWIMLANES.enabled).toBe(true);
    expect((await flagsOf(app.url, b)).KANBAN_SWIMLANES.enabled).toBe(false);
  });
});
