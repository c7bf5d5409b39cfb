/* eslint-disable @typescript-eslint/no-explicit-any -- replies are arbitrary JSON that each test narrows itself */
import { env } from '../../src/server/env';
import { randomUUID } from 'node:crypto';
import { apiV1, API_V1_PREFIX } from '../../src/api/v1';
import { getAuth } from '../../src/api/auth';
import { handle } from '../../src/server/http/handler';
import type { Endpoint } from '../../src/server/http/endpoint';

export interface Caller {
  cookie?: string;
  token?: string;
  workspace?: string;
  headers?: Record<string, string>;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** The origin of the app's own pages (APP_URL), which the CSRF check accepts. */
export const appOrigin = () => env().appUrl;

const routes = apiV1.map((endpoint) => ({
  endpoint,
  pattern: new RegExp(`^${endpoint.path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
}));

/** Dispatches exactly as Next would: path template → the route's handler, with a real Request. */
export async function api<T = any>(
  caller: Caller,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse<T>> {
  const [pathname] = path.split('?');
  const match = routes
    .map((r) => ({ ...r, m: r.pattern.exec(pathname!) }))
    .find((r) => r.m && r.endpoint.method === method);
  if (!match) throw new Error(`No route for ${method} ${path}`);
  const headers = new Headers(caller.headers);
  if (caller.cookie) headers.set('cookie', caller.cookie);
  // As a browser does on every change: cookie-authenticated mutations without our Origin are refused (CSRF).
  if (caller.cookie && method !== 'GET' && !headers.has('origin')) headers.set('origin', appOrigin());
  if (caller.token) headers.set('authorization', `Bearer ${caller.token}`);
  if (caller.workspace) headers.set('x-tika-workspace', caller.workspace);
  if (body !== undefined) headers.set('content-type', 'application/json');
  const request = new Request(`http://localhost${API_V1_PREFIX}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const params = Promise.resolve({ ...(match.m!.groups ?? {}) });
  const response = await handle(match.endpoint as Endpoint)(request, { params });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

export interface TestUser {
  id: string;
  email: string;
  cookie: string;
  workspaceId: string;
}

/** A real sign-up through better-auth; the new user owns a fresh workspace. */
export async function signUp(name = 'Test User'): Promise<TestUser> {
  const auth = await getAuth();
  const email = `${randomUUID()}@example.test`;
  const password = 'correct horse battery';
  const signedUp = await auth.api.signUpEmail({ body: { email, password, name }, asResponse: true });
  if (!signedUp.ok) throw new Error(`sign-up failed: ${signedUp.status} ${await signedUp.text()}`);
  // Sign-up opens no session (issue #12): sign in with the password, as the sign-up page does.
  const response = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  if (!response.ok) throw new Error(`sign-in after sign-up failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const me = await api({ cookie }, 'GET', '/me');
  return { id: me.body.user.id, email, cookie, workspaceId: me.body.workspaces[0].id };
}

/**
 * Marks the user's address verified, as the verification link does (the accounts issue builds that flow), through
 * the auth library's own database access — the runtime tenant role cannot write auth tables.
 */
export async function verifyEmail(user: Pick<TestUser, 'id'>): Promise<void> {
  const context = await (await getAuth()).$context;
  await context.internalAdapter.updateUser(user.id, { emailVerified: true });
}

export const as = (user: TestUser, workspace = user.workspaceId): Caller => ({ cookie: user.cookie, workspace });
