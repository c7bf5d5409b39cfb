import { randomUUID } from 'node:crypto';
import { signUpAndSignIn } from './sign-up-http';

// A small client for the running server: sign-up through better-auth, then the v1 API by cookie or token.

export interface Session {
  cookie: string;
  workspaceId: string;
  email: string;
  password: string;
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: {
    body?: unknown;
    cookie?: string;
    token?: string;
    workspace?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const headers: Record<string, string> = { origin: base, ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie) headers.cookie = options.cookie;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.workspace) headers['x-tika-workspace'] = options.workspace;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: any = null; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: response.status, body, headers: response.headers };
}

export async function signUp(
  base: string,
  options: { password?: string; ip?: string; name?: string } = {},
): Promise<Session> {
  const email = `${randomUUID()}@example.test`;
  const password = options.password ?? 'correct horse battery staple';
  const headers: Record<string, string> = {};
  if (options.ip) headers['x-forwarded-for'] = options.ip;
  const cookie = await signUpAndSignIn(base, { email, password, name: options.name ?? 'Ops Test' }, headers);
  const me = await call(base, 'GET', '/api/v1/me', { cookie });
  if (me.status !== 200) throw new Error(`me failed: ${me.status} ${JSON.stringify(me.body)}`);
  return { cookie, workspaceId: me.body.workspaces[0].id, email, password };
}

export async function createToken(base: string, session: Session, role = 'member', ip?: string): Promise<string> {
  const result = await call(base, 'POST', '/api/v1/tokens', {
    cookie: session.cookie,
    workspace: session.workspaceId,
    body: { name: `t-${randomUUID().slice(0, 8)}`, role },
    headers: ip ? { 'x-forwarded-for': ip } : undefined,
  });
  if (result.status !== 201) throw new Error(`token failed: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body.token;
}
