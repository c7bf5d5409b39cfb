// The page's fetch, in the UI tests: a request to /api/v1 or /api/auth goes to the real route handler in this
// process (the same dispatch as tests/support/api.ts; /api/auth through the route wrapper of app/api/auth, so with
// its CSRF check, limits, problem+json answers and the account lifecycle's mail), with the signed-in user's cookie
// and the page's Origin, as a browser would send them. The operations page's /api/ops/doctor and /api/ops/history
// go to their handlers with that cookie, as does the jobs page's /api/admin/jobs (GET and POST, with the page's Origin).
// Nothing else is reachable, as in an offline browser.
import { jobsAdminGet, jobsAdminPost } from '../../src/api/admin-jobs';
import { authRouteHandler } from '../../src/api/auth';
import { doctorResponse } from '../../src/server/doctor';
import { opsHistoryResponse } from '../../src/server/ops';
import { api } from './api';

let cookie: string | undefined;
/** Who the "browser" is signed in as (a cookie from tests/support/api.ts signUp), or nobody. */
export function signInAs(user: { cookie: string } | null) {
  cookie = user?.cookie;
}

export async function pageFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input instanceof Request ? input : new URL(String(input), 'http://localhost:3000'), init);
  const url = new URL(request.url);
  const headers = Object.fromEntries(request.headers);
  const body = ['GET', 'HEAD'].includes(request.method) ? undefined : await request.text();
  if (url.pathname.startsWith('/api/auth/')) {
    const forwarded = new Headers(headers);
    if (cookie) forwarded.set('cookie', cookie);
    forwarded.set('origin', 'http://localhost:3000');
    const handler = request.method === 'GET' ? authRouteHandler.GET : authRouteHandler.POST;
    const response = await handler(new Request(url, { method: request.method, headers: forwarded, body }));
    const set = response.headers.getSetCookie();
    if (set.length) cookie = storeCookies(cookie, set);
    return response;
  }
  const ops = { '/api/ops/doctor': doctorResponse, '/api/ops/history': opsHistoryResponse }[url.pathname];
  if (ops && request.method === 'GET') {
    const forwarded = new Headers(headers);
    if (cookie) forwarded.set('cookie', cookie);
    return ops(new Request(url, { headers: forwarded }));
  }
  if (url.pathname === '/api/admin/jobs') {
    const forwarded = new Headers(headers);
    if (cookie) forwarded.set('cookie', cookie);
    forwarded.set('origin', 'http://localhost:3000');
    const handler = request.method === 'POST' ? jobsAdminPost : jobsAdminGet;
    return handler(new Request(url, { method: request.method, headers: forwarded, body }));
  }
  if (!url.pathname.startsWith('/api/v1/')) return Response.error();
  const path = url.pathname.slice('/api/v1'.length) + url.search;
  const answer = await api(
    { cookie, workspace: headers['x-tika-workspace'], headers: { origin: 'http://localhost:3000' } },
    request.method,
    path,
    body === undefined || body === '' ? undefined : body,
  );
  const text = answer.body === null ? null : JSON.stringify(answer.body);
  return new Response(answer.status === 204 ? null : text, { status: answer.status, headers: answer.headers });
}

/**
 * The browser's cookie jar for this origin: a Set-Cookie replaces the cookie of that name and leaves the others
 * (better-auth sets the session and, during a two-factor set-up or sign-in, cookies beside it); an empty value or
 * Max-Age=0 deletes it.
 */
function storeCookies(jar: string | undefined, set: string[]): string | undefined {
  const cookies = new Map(
    (jar ?? '')
      .split('; ')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair] as const),
  );
  for (const line of set) {
    const pair = line.split(';')[0]!;
    const name = pair.slice(0, pair.indexOf('='));
    const expired = /;\s*max-age=0\b/i.test(line) || /;\s*expires=[^;]*1970/i.test(line);
    if (expired || pair.length === name.length + 1) cookies.delete(name);
    else cookies.set(name, pair);
  }
  return cookies.size ? [...cookies.values()].join('; ') : undefined;
}
