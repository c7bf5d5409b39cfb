import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server';

// The README's newcomer journey against the real production server: Next routing, route files, better-auth
// cookies, the embedded database (or DATABASE_URL when set) — nothing called in-process.
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
}, 90_000);
afterAll(async () => server?.stop());

type Session = { cookie: string; workspace?: string };

async function call(method: string, path: string, options: { session?: Session; token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { origin: server.url };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.session) headers.cookie = options.session.cookie;
  if (options.session?.workspace) headers['x-tika-workspace'] = options.session.workspace;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

async function signUp(name: string): Promise<Session> {
  const email = `${name.toLowerCase()}-${Date.now()}@example.test`;
  const signedUp = await call('POST', '/api/auth/sign-up/email', {
    body: { email, password: 'a long password', name },
  });
  // The same answer for any address, and no session (issue #12): the newcomer signs in with the password just chosen.
  expect(signedUp.status).toBe(200);
  expect(signedUp.body).toEqual({ status: 'ok', emailVerificationRequired: false });
  expect(signedUp.headers.getSetCookie().join()).not.toMatch(/session_token=/);
  const response = await call('POST', '/api/auth/sign-in/email', { body: { email, password: 'a long password' } });
  expect(response.status).toBe(200);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  expect(response.headers.getSetCookie().join()).toMatch(/HttpOnly/i);
  return { cookie };
}

describe('newcomer journey through the production server', () => {
  it('signs up, builds a board, invites a viewer, drives it with a token, and audits all of it', async () => {
    const owner = await signUp('Ada');
    const me = await call('GET', '/api/v1/me', { session: owner });
    expect(me.status).toBe(200);
    owner.workspace = me.body.workspaces[0].id;

    const board = await call('POST', '/api/v1/boards', {
      session: owner,
      body: { name: 'Launch', columns: ['To do', 'Doing', 'Done'] },
    });
    expect(board.status).toBe(201);
    const [todo, doing, done] = board.body.columns;
    const titles = ['one', 'two', 'three'];
    const created = [];
    for (const title of titles) {
      const ticket = await call('POST', '/api/v1/tickets', { session: owner, body: { columnId: todo.id, title } });
      expect(ticket.status).toBe(201);
      created.push(ticket.body);
    }
    // Move "three" to the top of To do, then "one" into Doing.
    const top = await call('POST', `/api/v1/tickets/${created[2].id}/move`, {
      session: owner,
      body: { version: 1, columnId: todo.id, beforeId: created[0].id },
    });
    expect(top.status).toBe(200);
    const across = await call('POST', `/api/v1/tickets/${created[0].id}/move`, {
      session: owner,
      body: { version: 1, columnId: doing.id },
    });
    expect(across.status).toBe(200);
    const stale = await call('POST', `/api/v1/tickets/${created[0].id}/move`, {
      session: owner,
      body: { version: 1, columnId: done.id },
    });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(stale.body.code).toBe('VERSION_CONFLICT');

    const view = await call('GET', `/api/v1/boards/${board.body.id}`, { session: owner });
    expect(view.body.columns.map((c: { tickets: { title: string }[] }) => c.tickets.map((t) => t.title))).toEqual([
      ['three', 'two'],
      ['one'],
      [],
    ]);

    // A viewer joins by link and can read but not change.
    const invitation = await call('POST', '/api/v1/invitations', { session: owner, body: { role: 'viewer' } });
    expect(invitation.status).toBe(201);
    const viewer = await signUp('Vic');
    const accepted = await call('POST', '/api/v1/invitations/accept', {
      session: viewer,
      body: { token: invitation.body.token },
    });
    expect(accepted.status).toBe(200);
    viewer.workspace = owner.workspace;
    expect((await call('GET', `/api/v1/boards/${board.body.id}`, { session: viewer })).status).toBe(200);
    const denied = await call('POST', '/api/v1/tickets', {
      session: viewer,
      body: { columnId: todo.id, title: 'nope' },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('FORBIDDEN');

    // An API token drives the same board.
    const token = await call('POST', '/api/v1/tokens', { session: owner, body: { name: 'ci', role: 'member' } });
    expect(token.status).toBe(201);
    const viaToken = await call('POST', '/api/v1/tickets', {
      token: token.body.token,
      body: { columnId: done.id, title: 'from the token' },
    });
    expect(viaToken.status).toBe(201);
    const listed = await call('GET', `/api/v1/tickets?boardId=${board.body.id}&limit=2`, { token: token.body.token });
    expect(listed.body.data).toHaveLength(2);
    expect(listed.body.nextCursor).toEqual(expect.any(String));

    // Every change is in the audit log, with its actor.
    const audit = await call('GET', '/api/v1/audit-log?limit=100', { session: owner });
    const entries = audit.body.data.map(
      (e: { action: string; resourceType: string; actorType: string }) =>
        `${e.action} ${e.resourceType} ${e.actorType}`,
    );
    expect(entries).toEqual(
      expect.arrayContaining([
        'CREATE workspace user',
        'CREATE board user',
        'CREATE ticket user',
        'MOVE ticket user',
        'CREATE invitation user',
        'ACCEPT invitation user',
        'CREATE api_token user',
        'CREATE ticket token',
        'SIGN_IN session user',
      ]),
    );
    expect(entries.filter((e: string) => e === 'MOVE ticket user')).toHaveLength(2);
  });

  it('answers unknown API paths, bad JSON and missing auth with problem+json', async () => {
    const unknown = await call('GET', '/api/v1/does-not-exist');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    const anonymous = await call('GET', '/api/v1/boards');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.requestId).toEqual(expect.any(String));
    const owner = await signUp('Bea');
    const response = await fetch(`${server.url}/api/v1/boards`, {
      method: 'POST',
      headers: { cookie: owner.cookie, origin: server.url, 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe('BAD_REQUEST');
  });

  it('serves the OpenAPI document and the API reference page', async () => {
    const doc = await call('GET', '/api/v1/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    const page = await fetch(`${server.url}/api-reference`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/tickets/{ticketId}/move');
  });

  it('echoes a sane incoming request id and replaces an insane one', async () => {
    const sane = await fetch(`${server.url}/api/v1/boards`, { headers: { 'x-request-id': 'trace-abc-123456' } });
    expect(sane.headers.get('x-request-id')).toBe('trace-abc-123456');
    const insane = await fetch(`${server.url}/api/v1/boards`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(insane.headers.get('x-request-id')).not.toBe('bad id with spaces');
  });
});
