import { signUpAndSignIn } from './sign-up-http';

// The isolation-at-scale client: one fetch per API call against the production server, with exactly the
// credentials the run chose (cookie, bearer token, workspace header or workspace cookie).

export interface Caller {
  cookie?: string;
  token?: string;
  /** x-tika-workspace: chooses among the session user's own workspaces. */
  workspace?: string;
  /** The tika_workspace cookie, the header's fallback. */
  workspaceCookie?: string;
}

export interface Reply {
  status: number;
  contentType: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function send(base: string, caller: Caller, method: string, path: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = { origin: base };
  const cookies = [
    caller.cookie,
    caller.workspaceCookie ? `tika_workspace=${encodeURIComponent(caller.workspaceCookie)}` : undefined,
  ].filter(Boolean);
  if (cookies.length) headers.cookie = cookies.join('; ');
  if (caller.token) headers.authorization = `Bearer ${caller.token}`;
  if (caller.workspace) headers['x-tika-workspace'] = caller.workspace;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: parsed };
}

export async function signUpUser(
  base: string,
  email: string,
  name: string,
): Promise<{ id: string; cookie: string; workspaceId: string; slug: string }> {
  const cookie = await signUpAndSignIn(base, { email, password: 'correct horse battery staple', name });
  const me = await send(base, { cookie }, 'GET', '/me');
  if (me.status !== 200) throw new Error(`GET /me after sign-up: ${me.status} ${JSON.stringify(me.body)}`);
  const first = me.body.workspaces[0];
  return { id: me.body.user.id, cookie, workspaceId: first.id, slug: first.slug };
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inBatches<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}
