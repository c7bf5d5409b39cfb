import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectProblem, send, signUp, stack, type Account, type Reply } from '../support/security-client';
import { securityCounts } from '../support/security-results';

// CSRF. Defences, in order: the session cookie is SameSite=Lax (cross-site sub-requests carry no cookie); every
// cookie-carrying POST/PATCH/PUT/DELETE on /api/v1 and /api/auth must name our own origin in Origin (or Referer)
// — that also covers same-site sibling origins and old browsers (src/server/http/csrf.ts); bodies a cross-site
// form can send without a preflight (text/plain, form-urlencoded, multipart) are refused before any use case.
// Each refusal is problem+json and changes nothing; the same request from our origin succeeds.

const { check, add } = securityCounts('csrf');
let owner: Account;
let db: pg.Client;
let boardId: string;
let columnId: string;
let ticketId: string;

beforeAll(async () => {
  owner = await signUp({ name: 'CSRF Owner' });
  const board = await api(owner)('POST', '/boards', { name: 'CSRF board', columns: ['To do'] });
  boardId = board.body.id;
  columnId = board.body.columns[0].id;
  ticketId = (await api(owner)('POST', '/tickets', { columnId, title: 'keep me' })).body.id;
  db = new pg.Client({ connectionString: stack().adminDbUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
});

/** A fingerprint of everything this workspace holds and of the auth tables, to prove a refusal changed nothing. */
async function fingerprint(): Promise<string> {
  const { rows } = await db.query(
    `select (select md5(coalesce(string_agg(b::text, '|' order by b.id), '')) from boards b where tenant_id = $1) as boards,
            (select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) from tickets t where tenant_id = $1) as tickets,
            (select md5(coalesce(string_agg(w::text, '|' order by w.id), '')) from workspaces w) as workspaces,
            (select md5(coalesce(string_agg(m::text, '|' order by m.user_id), '')) from memberships m where tenant_id = $1) as members,
            (select count(*) from sessions) as sessions,
            (select count(*) from api_tokens where tenant_id = $1) as tokens`,
    [owner.workspaceId],
  );
  return JSON.stringify(rows[0]);
}

interface Mutation {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  /** Statuses that mean "it worked" when sent from our own origin. */
  ok: number[];
}

const FOREIGN = 'https://evil.example';

describe('CSRF on cookie-authenticated mutations', () => {
  const mutations = (): Mutation[] => [
    {
      name: 'create board',
      method: 'POST',
      path: '/api/v1/boards',
      body: { name: 'csrf-made', columns: ['x'] },
      ok: [201],
    },
    {
      name: 'rename board',
      method: 'PATCH',
      path: `/api/v1/boards/${boardId}`,
      body: { name: 'csrf-renamed' },
      ok: [200],
    },
    {
      name: 'create ticket',
      method: 'POST',
      path: '/api/v1/tickets',
      body: { columnId, title: 'csrf ticket' },
      ok: [201],
    },
    {
      name: 'create API token',
      method: 'POST',
      path: '/api/v1/tokens',
      body: { name: 'csrf-token', role: 'admin' },
      ok: [201],
    },
    {
      name: 'create workspace (session-only)',
      method: 'POST',
      path: '/api/v1/workspaces',
      body: { name: 'csrf-ws' },
      ok: [201],
    },
    { name: 'delete ticket (no body)', method: 'DELETE', path: `/api/v1/tickets/${ticketId}`, ok: [204] },
    {
      name: 'better-auth update user',
      method: 'POST',
      path: '/api/auth/update-user',
      body: { name: 'csrf-name' },
      ok: [200],
    },
    { name: 'better-auth sign-out', method: 'POST', path: '/api/auth/sign-out', body: {}, ok: [200] },
  ];

  it('refuses a foreign Origin, an opaque Origin, a sibling origin, no Origin, a foreign Referer and form content types', async () => {
    const { appUrl, publicUrl } = stack();
    const before = await fingerprint();
    for (const m of mutations()) {
      const base = { method: m.method, cookie: owner.cookie, workspace: owner.workspaceId };
      const json = m.body === undefined ? undefined : JSON.stringify(m.body);
      const attempts: { label: string; reply: () => Promise<Reply>; status: number; code: string }[] = [
        {
          label: 'foreign origin',
          reply: () => send(`${appUrl}${m.path}`, { ...base, origin: FOREIGN, body: m.body }),
          status: 403,
          code: 'CROSS_ORIGIN_REJECTED',
        },
        {
          label: 'origin null',
          reply: () => send(`${appUrl}${m.path}`, { ...base, origin: 'null', body: m.body }),
          status: 403,
          code: 'CROSS_ORIGIN_REJECTED',
        },
        // Same site (127.0.0.1), another origin: SameSite=Lax would still send the cookie here.
        {
          label: 'sibling origin',
          reply: () => send(`${appUrl}${m.path}`, { ...base, origin: 'https://127.0.0.1:1', body: m.body }),
          status: 403,
          code: 'CROSS_ORIGIN_REJECTED',
        },
        {
          label: 'no origin',
          reply: () => send(`${appUrl}${m.path}`, { ...base, body: m.body }),
          status: 403,
          code: 'CROSS_ORIGIN_REJECTED',
        },
        {
          label: 'foreign referer only',
          reply: () => send(`${appUrl}${m.path}`, { ...base, body: m.body, headers: { referer: `${FOREIGN}/page` } }),
          status: 403,
          code: 'CROSS_ORIGIN_REJECTED',
        },
        ...(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'] as const).flatMap(
          (type) => [
            {
              label: `${type} cross-site`,
              reply: () =>
                send(`${appUrl}${m.path}`, {
                  ...base,
                  origin: FOREIGN,
                  body: json ?? '',
                  headers: { 'content-type': type },
                }),
              status: 415,
              code: 'UNSUPPORTED_MEDIA_TYPE',
            },
            {
              label: `${type} own origin`,
              reply: () =>
                send(`${appUrl}${m.path}`, {
                  ...base,
                  origin: publicUrl,
                  body: json ?? '',
                  headers: { 'content-type': type },
                }),
              status: 415,
              code: 'UNSUPPORTED_MEDIA_TYPE',
            },
          ],
        ),
      ];
      for (const attempt of attempts) {
        const reply = await attempt.reply();
        add('csrfRequests');
        try {
          expectProblem(reply, attempt.status, attempt.code);
        } catch (error) {
          throw new Error(`${m.name} / ${attempt.label}: ${(error as Error).message}`);
        }
        check();
      }
    }
    expect(await fingerprint()).toBe(before);
    // The session still works (sign-out above was refused every time).
    expect((await send(`${appUrl}/api/v1/me`, { cookie: owner.cookie })).status).toBe(200);
    check(2);
  });

  it('accepts the same requests from our own origin (Origin, or Referer when Origin is absent), and API tokens without any', async () => {
    const { appUrl, publicUrl } = stack();
    const token = (await api(owner)('POST', '/tokens', { name: 'csrf-bearer', role: 'admin' })).body.token as string;
    // A bearer token is not ambient authority: no Origin needed, and a cookie alongside does not change that.
    const byToken = await send(`${appUrl}/api/v1/boards`, { token, body: { name: 'by token' } });
    expect(byToken.status).toBe(201);
    const byTokenWithCookie = await send(`${appUrl}/api/v1/boards`, {
      token,
      cookie: owner.cookie,
      origin: FOREIGN,
      body: { name: 'by token too' },
    });
    expect(byTokenWithCookie.status).toBe(201);
    check(2);
    for (const m of mutations()) {
      const useReferer = m.name === 'create board';
      const reply = await send(`${appUrl}${m.path}`, {
        method: m.method,
        cookie: owner.cookie,
        workspace: owner.workspaceId,
        body: m.body,
        ...(useReferer ? { headers: { referer: `${publicUrl}/w/${owner.slug}` } } : { origin: publicUrl }),
      });
      add('csrfRequests');
      expect(m.ok, `${m.name}: ${reply.status} ${reply.text.slice(0, 200)}`).toContain(reply.status);
      check();
    }
    // Signed out by the last one: the session is gone (the signed 30 s cookie cache aside, see auth.ts).
    const sessionOnly = owner.cookie
      .split('; ')
      .filter((c) => c.includes('session_token'))
      .join('; ');
    expect((await send(`${appUrl}/api/v1/me`, { cookie: sessionOnly })).status).toBe(401);
    check();
  });

  it('sign-in from a foreign page is refused (login CSRF), from ours it works', async () => {
    const { appUrl, publicUrl } = stack();
    const account = await signUp();
    const body = { email: account.email, password: account.password };
    expectProblem(
      await send(`${appUrl}/api/auth/sign-in/email`, { origin: FOREIGN, body }),
      403,
      'CROSS_ORIGIN_REJECTED',
    );
    expectProblem(
      await send(`${appUrl}/api/auth/sign-in/email`, {
        origin: FOREIGN,
        body: new URLSearchParams(body).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect((await send(`${appUrl}/api/auth/sign-in/email`, { origin: publicUrl, body })).status).toBe(200);
    add('csrfRequests', 3);
    check(3);
  });
});
