/* eslint-disable @typescript-eslint/no-explicit-any -- replies are arbitrary JSON that each test narrows itself */
import { authRouteHandler } from '../../src/api/auth';
import { peerHeaderName } from '../../src/server/http/client-ip';
import { appOrigin } from './api';

// /api/auth/* exactly as a browser calls it: through the route wrapper (limits, CSRF, problem+json) into better-auth.

export interface AuthReply<T = any> {
  status: number;
  body: T;
  headers: Headers;
  /** name=value pairs of the cookies this reply set (an empty value means "cleared"). */
  cookie: string;
}

export async function authCall<T = any>(
  method: 'GET' | 'POST',
  path: string,
  init: { body?: unknown; cookie?: string; ip?: string; headers?: Record<string, string> } = {},
): Promise<AuthReply<T>> {
  // The client's address as the server sees it: the connection's peer (X-Forwarded-For counts only behind
  // TRUSTED_PROXIES), which boot records in a header per process — set here as a socket would.
  const headers = new Headers({ origin: appOrigin(), [peerHeaderName()]: init.ip ?? '203.0.113.50', ...init.headers });
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  if (init.cookie) headers.set('cookie', init.cookie);
  const request = new Request(`${appOrigin()}/api/auth${path}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const response = await (method === 'GET' ? authRouteHandler.GET : authRouteHandler.POST)(request);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { status: response.status, body: body as T, headers: response.headers, cookie };
}

/**
 * Sign-up as the sign-up page does it: the sign-up, which opens no session (it answers a new and a registered
 * address alike, issue #12), then a sign-in with the same password. The sign-in's reply (its cookie and user),
 * or the sign-up's when that was refused.
 */
export async function authSignUp<T = any>(
  body: { email: string; password: string; name: string },
  init: { ip?: string; headers?: Record<string, string> } = {},
): Promise<AuthReply<T>> {
  const up = await authCall<T>('POST', '/sign-up/email', { ...init, body });
  if (up.status !== 200) return up;
  return authCall<T>('POST', '/sign-in/email', { ...init, body: { email: body.email, password: body.password } });
}

/** Merges cookies set by a reply into a Cookie header (later values win, cleared ones are dropped). */
export function mergeCookies(current: string, update: string): string {
  const jar = new Map<string, string>();
  for (const part of [...current.split('; '), ...update.split('; ')]) {
    const [name, ...value] = part.split('=');
    if (!name) continue;
    if (value.join('=') === '') jar.delete(name);
    else jar.set(name, value.join('='));
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** The token of a link in a mail, by its path. */
export function tokenFrom(links: string[], path: string): string {
  const link = links.find((l) => new URL(l).pathname === path);
  if (!link) throw new Error(`no ${path} link in ${links.join(', ')}`);
  return new URL(link).searchParams.get('token')!;
}
