import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { authRouteHandler } from '../../src/api/auth';
import { getAuthDb } from '../../src/server/db/client';
import { peerHeaderName } from '../../src/server/http/client-ip';
import { api } from '../support/api';
import { warmUp } from '../support/fixtures';

// The database and better-auth start in the hook (hook timeout), not inside the first test.
beforeAll(warmUp);

// /api/auth/* as the browser calls it: the route wrapper (request id, per-IP limit, metrics) around better-auth.
const origin = 'http://localhost:3000';

function authRequest(path: string, init: { method?: string; body?: unknown; cookie?: string } = {}) {
  const headers = new Headers({ origin, [peerHeaderName()]: '203.0.113.7' });
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  if (init.cookie) headers.set('cookie', init.cookie);
  return new Request(`${origin}/api/auth${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const cookieOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

describe('the /api/auth route', () => {
  it('bug 2: a sign-up from the address Next prints (127.0.0.1) works when APP_URL says localhost; a foreign site is refused', async () => {
    const post = (origin: string, path: string, body: object) =>
      authRouteHandler.POST(
        new Request(`${origin}/api/auth${path}`, {
          method: 'POST',
          headers: { origin, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.8' },
          body: JSON.stringify(body),
        }),
      );
    const from = (origin: string, email = `${randomUUID()}@example.test`) =>
      post(origin, '/sign-up/email', { email, password: 'a long password', name: 'Loop' });
    expect((await from('http://127.0.0.1:3000')).status).toBe(200);
    expect((await from('http://[::1]:3000')).status).toBe(200);
    const foreign = await from('http://127.0.0.1:4000');
    expect(foreign.status).toBe(403);
    expect((await from('https://evil.example')).status).toBe(403);
    // The API accepts the same spelling for a cookie-authenticated change.
    const email = `${randomUUID()}@example.test`;
    expect((await from('http://127.0.0.1:3000', email)).status).toBe(200);
    const signedIn = await post('http://127.0.0.1:3000', '/sign-in/email', { email, password: 'a long password' });
    const created = await api(
      { cookie: cookieOf(signedIn), headers: { origin: 'http://127.0.0.1:3000' } },
      'POST',
      '/workspaces',
      { name: 'From 127.0.0.1' },
    );
    expect(created.status).toBe(201);
  });

  it('signs up without a session (issue #12), signs in with an HttpOnly session cookie, and the account owns a workspace', async () => {
    const email = `${randomUUID()}@example.test`;
    const signedUp = await authRouteHandler.POST(
      authRequest('/sign-up/email', { body: { email, password: 'a long password', name: 'Route' } }),
    );
    expect(signedUp.status).toBe(200);
    expect(signedUp.headers.get('x-request-id')).toEqual(expect.any(String));
    expect(await signedUp.json()).toEqual({ status: 'ok', emailVerificationRequired: false });
    expect(signedUp.headers.getSetCookie()).toEqual([]);
    const response = await authRouteHandler.POST(
      authRequest('/sign-in/email', { body: { email, password: 'a long password' } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().join()).toMatch(/session_token=.*HttpOnly/i);
    const me = await api({ cookie: cookieOf(response) }, 'GET', '/me');
    expect(me.body.user.email).toBe(email);
    expect(me.body.workspaces).toHaveLength(1);
    expect(me.body.workspaces[0].role).toBe('owner');
  });

  it('signs in, reads the session, rejects a wrong password, and signs out', async () => {
    const email = `${randomUUID()}@example.test`;
    await authRouteHandler.POST(
      authRequest('/sign-up/email', { body: { email, password: 'a long password', name: 'Again' } }),
    );
    const wrong = await authRouteHandler.POST(
      authRequest('/sign-in/email', { body: { email, password: 'not the password' } }),
    );
    expect(wrong.status).toBe(401);
    const signIn = await authRouteHandler.POST(
      authRequest('/sign-in/email', { body: { email, password: 'a long password' } }),
    );
    expect(signIn.status).toBe(200);
    const cookie = cookieOf(signIn);
    const session = await authRouteHandler.GET(authRequest('/get-session', { cookie }));
    expect((await session.json()).user.email).toBe(email);
    const signOut = await authRouteHandler.POST(authRequest('/sign-out', { body: {}, cookie }));
    expect(signOut.status).toBe(200);
    // Sign-out clears the cookies it set: the browser sends none afterwards.
    expect(signOut.headers.getSetCookie().join()).toMatch(/session_token=;/);
  });

  describe('when the database fails under it', () => {
    afterEach(() => vi.restoreAllMocks());
    const failSelects = async (error: Error) =>
      // The auth library's own connection (its own pool when DATABASE_AUTH_URL is set).
      vi.spyOn(await getAuthDb(), 'select').mockImplementation(() => {
        throw error;
      });

    it('answers 503 DATABASE_UNAVAILABLE problem+json when the database cannot be reached, not an empty 500', async () => {
      await failSelects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
      const response = await authRouteHandler.POST(
        authRequest('/sign-in/email', { body: { email: `${randomUUID()}@example.test`, password: 'a long password' } }),
      );
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('retry-after')).toBe('5');
      const body = await response.json();
      expect(body.code).toBe('DATABASE_UNAVAILABLE');
      expect(body.requestId).toBe(response.headers.get('x-request-id'));
    });

    it('answers any other unexpected error as a 500 INTERNAL problem+json', async () => {
      await failSelects(new Error('something unexpected'));
      const response = await authRouteHandler.POST(
        authRequest('/sign-in/email', { body: { email: `${randomUUID()}@example.test`, password: 'a long password' } }),
      );
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await response.json()).code).toBe('INTERNAL');
    });
  });
});

describe('sign-in brute force and CSRF on /api/auth', () => {
  const signIn = (email: string, password: string, ip: string) => {
    const request = authRequest('/sign-in/email', { body: { email, password } });
    request.headers.set(peerHeaderName(), ip);
    return authRouteHandler.POST(request);
  };

  it('limits sign-in per account across rotating client IPs, the same for an unknown account (RATE_LIMIT_SIGN_IN_ACCOUNT, 10 per 15 min)', async () => {
    const email = `${randomUUID()}@example.test`;
    await authRouteHandler.POST(
      authRequest('/sign-up/email', { body: { email, password: 'a long password', name: 'Target' } }),
    );
    for (const target of [email, `${randomUUID()}@example.test`]) {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await signIn(target, `wrong ${i}`, `198.51.100.${i + 1}`)).status);
      expect(statuses).toEqual([...Array(10).fill(401), 429]);
      const limited = await signIn(` ${target.toUpperCase()}`, 'a long password', '198.51.100.99');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('content-type')).toBe('application/problem+json');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await limited.json()).code).toBe('RATE_LIMITED');
    }
  });

  it('refuses cookie-carrying and foreign-origin POSTs and form bodies as problem+json before better-auth', async () => {
    const email = `${randomUUID()}@example.test`;
    await authRouteHandler.POST(
      authRequest('/sign-up/email', { body: { email, password: 'a long password', name: 'Csrf' } }),
    );
    const cookie = cookieOf(
      await authRouteHandler.POST(authRequest('/sign-in/email', { body: { email, password: 'a long password' } })),
    );
    const noOrigin = authRequest('/sign-out', { body: {}, cookie });
    noOrigin.headers.delete('origin');
    const foreign = authRequest('/sign-in/email', { body: { email, password: 'a long password' } });
    foreign.headers.set('origin', 'https://evil.example');
    const form = new Request(`${origin}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=${encodeURIComponent(email)}&password=x`,
    });
    for (const [request, status, code] of [
      [noOrigin, 403, 'CROSS_ORIGIN_REJECTED'],
      [foreign, 403, 'CROSS_ORIGIN_REJECTED'],
      [form, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ] as const) {
      const response = await authRouteHandler.POST(request);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect((await response.json()).code).toBe(code);
    }
    // Still signed in: the sign-out without an origin did nothing.
    expect((await api({ cookie }, 'GET', '/me')).status).toBe(200);
  });
});
