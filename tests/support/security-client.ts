import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { inject } from 'vitest';
import type { SecurityStack } from './security-stack';

// HTTP(S) for the security suite: node:http/https so TLS through Caddy can trust Caddy's own root certificate
// (fetch cannot take a CA), raw headers kept (every Set-Cookie), nothing added that the test did not ask for.

export const stack = (): SecurityStack => inject('securityStack');

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  setCookies: string[];
}

export interface Send {
  method?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON (content-type set unless given); a string is sent as is. */
  body?: unknown;
  cookie?: string;
  token?: string;
  /** The Origin header; omitted when undefined. */
  origin?: string;
  workspace?: string;
  /** The source address to connect from (any of 127.0.0.0/8): another client, as far as the server can tell. */
  localAddress?: string;
  /** The CA to trust for https (default: the stack's Caddy). */
  ca?: string;
}

export function send(url: string, options: Send = {}): Promise<Reply> {
  const target = new URL(url);
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined;
  if (options.body !== undefined) {
    payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (typeof options.body !== 'string' && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  if (options.cookie) headers.cookie = options.cookie;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.origin !== undefined) headers.origin = options.origin;
  if (options.workspace) headers['x-tika-workspace'] = options.workspace;
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        ...(target.protocol === 'https:' ? { ca: options.ca ?? stack().caddyRootPem } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = null;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            body = text;
          }
          const setCookie = response.headers['set-cookie'];
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            body,
            setCookies: setCookie ? [...setCookie] : [],
          });
        });
        response.on('error', reject);
      },
    );
    request.setTimeout(30_000, () => request.destroy(new Error(`timeout: ${url}`)));
    request.on('error', reject);
    if (payload !== undefined) request.write(payload);
    request.end();
  });
}

export const cookieHeader = (setCookies: string[]) => setCookies.map((c) => c.split(';')[0]).join('; ');

/** A client for one server, sending that server's own APP_URL as Origin (as the browser would). */
export function clientFor(base: string, origin: string) {
  return (method: string, path: string, options: Omit<Send, 'method'> = {}) =>
    send(`${base}${path}`, { origin, ...options, method });
}

export interface Account {
  email: string;
  password: string;
  name: string;
  cookie: string;
  workspaceId: string;
  slug: string;
}

/** Signs up through better-auth on the primary replica (Origin = the public TLS URL, as behind Caddy). */
export async function signUp(options: { name?: string; password?: string; email?: string } = {}): Promise<Account> {
  const { appUrl, publicUrl } = stack();
  const email = options.email ?? `${randomUUID()}@example.test`;
  const password = options.password ?? `pw-${randomUUID()}`;
  const name = options.name ?? 'Security Test';
  const response = await send(`${appUrl}/api/auth/sign-up/email`, {
    origin: publicUrl,
    body: { email, password, name },
  });
  if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${response.text}`);
  let cookie = cookieHeader(response.setCookies);
  if (!/session_token=/.test(cookie)) {
    // Sign-up answers a new and an existing address alike, without a session (issue #12): sign in to get one.
    const signIn = await send(`${appUrl}/api/auth/sign-in/email`, { origin: publicUrl, body: { email, password } });
    if (signIn.status !== 200) throw new Error(`sign-in after sign-up failed: ${signIn.status} ${signIn.text}`);
    cookie = cookieHeader(signIn.setCookies);
  }
  const me = await send(`${appUrl}/api/v1/me`, { cookie });
  if (me.status !== 200) throw new Error(`me failed: ${me.status} ${me.text}`);
  return { email, password, name, cookie, workspaceId: me.body.workspaces[0].id, slug: me.body.workspaces[0].slug };
}

/** The primary replica's API as a signed-in browser would call it. */
export const api = (account: Pick<Account, 'cookie' | 'workspaceId'>) => {
  const { appUrl, publicUrl } = stack();
  return (method: string, path: string, body?: unknown) =>
    send(`${appUrl}/api/v1${path}`, {
      method,
      body,
      cookie: account.cookie,
      workspace: account.workspaceId,
      origin: publicUrl,
    });
};

export function expectProblem(reply: Reply, status: number, code: string): void {
  const problems: string[] = [];
  if (reply.status !== status) problems.push(`status ${reply.status} ≠ ${status}`);
  if (!String(reply.headers['content-type']).startsWith('application/problem+json'))
    problems.push(`content-type ${reply.headers['content-type']}`);
  if (reply.body?.code !== code) problems.push(`code ${reply.body?.code} ≠ ${code}`);
  if (typeof reply.body?.requestId !== 'string') problems.push('no requestId');
  if (problems.length) throw new Error(`${problems.join('; ')}: ${reply.text.slice(0, 300)}`);
}

export interface EventStream {
  status: number;
  /** The next complete SSE message (heartbeats included), or null when none arrives in time. */
  next(timeoutMs?: number): Promise<string | null>;
  close(): void;
}

/** Opens a board's Server-Sent Events stream over plain HTTP (fetch), as EventSource would. */
export async function openEventStream(url: string, cookie: string): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  return {
    status: response.status,
    async next(timeoutMs = 3_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          return message;
        }
        const left = deadline - Date.now();
        if (left <= 0 || !reader) return null;
        // A read that timed out stays pending and is awaited again next time: no chunk is lost.
        pending ??= reader.read();
        const chunk = await Promise.race([pending, new Promise<null>((resolve) => setTimeout(resolve, left, null))]);
        if (!chunk) return null;
        pending = null;
        if (chunk.done) return null;
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    close: () => controller.abort(),
  };
}
