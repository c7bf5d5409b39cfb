import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authRouteHandler } from '../../src/server/auth/route';
import { getDb } from '../../src/server/db/client';
import { api } from '../support/api';

// /api/auth/* as the browser calls it: the route wrapper (request id, per-IP limit, metrics) around better-auth.
const origin = 'http://localhost:3000';

function authRequest(path: string, init: { method?: string; body?: unknown; cookie?: string } = {}) {
  const headers = new Headers({ origin, 'x-forwarded-for': '203.0.113.7' });
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
  it('signs up with an HttpOnly session cookie, and the new account owns a workspace', async () => {
    const email = `${randomUUID()}@example.test`;
    const response = await authRouteHandler.POST(authRequest('/sign-up/email', { body: { email, password: 'a long password', name: 'Route' } }));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toEqual(expect.any(String));
    expect(response.headers.getSetCookie().join()).toMatch(/session_token=.*HttpOnly/i);
    const me = await api({ cookie: cookieOf(response) }, 'GET', '/me');
    expect(me.body.user.email).toBe(email);
    expect(me.body.workspaces).toHaveLength(1);
    expect(me.body.workspaces[0].role).toBe('owner');
  });

  it('signs in, reads the session, rejects a wrong password, and signs out', async () => {
    const email = `${randomUUID()}@example.test`;
    await authRouteHandler.POST(authRequest('/sign-up/email', { body: { email, password: 'a long password', name: 'Again' } }));
    const wrong = await authRouteHandler.POST(authRequest('/sign-in/email', { body: { email, password: 'not the password' } }));
    expect(wrong.status).toBe(401);
    const signIn = await authRouteHandler.POST(authRequest('/sign-in/email', { body: { email, password: 'a long password' } }));
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
    const failSelects = async (error: Error) => vi.spyOn(await getDb(), 'select').mockImplementation(() => { throw error; });

    it('answers 503 DATABASE_UNAVAILABLE problem+json when the database cannot be reached, not an empty 500', async () => {
      await failSelects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
      const response = await authRouteHandler.POST(authRequest('/sign-in/email', { body: { email: `${randomUUID()}@example.test`, password: 'a long password' } }));
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('retry-after')).toBe('5');
      const body = await response.json();
      expect(body.code).toBe('DATABASE_UNAVAILABLE');
      expect(body.requestId).toBe(response.headers.get('x-request-id'));
    });

    it('answers any other unexpected error as a 500 INTERNAL problem+json', async () => {
      await failSelects(new Error('something unexpected'));
      const response = await authRouteHandler.POST(authRequest('/sign-in/email', { body: { email: `${randomUUID()}@example.test`, password: 'a long password' } }));
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await response.json()).code).toBe('INTERNAL');
    });
  });
});
