import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, tempDir, type App } from '../support/procs';
import { awayFromWindowEdge } from '../support/rate-window';
import { cookieHeader, send, stack, type Reply } from '../support/security-client';
import { securityCounts } from '../support/security-results';
import { startCaddy, type Caddy } from '../support/security-stack';

// Finding 3 of the outside attack (issue #12): the per-IP limits trusted a client-supplied X-Forwarded-For, so
// rotating that header bought a fresh sign-in, sign-up and token budget on every request (password spraying
// across accounts). The client IP now comes from the socket unless the operator declares trusted proxies
// (TRUSTED_PROXIES: a hop count or a CIDR list); then it is the right-most address that is not a trusted proxy.
// The rate limits and the audit log (and the session's recorded address) use that one function.
//
// Two apps of the production build on the suite's database, each with a per-IP auth budget of 3 a minute:
// "direct" as a bare server (TRUSTED_PROXIES unset) and "proxied" behind its own Caddy (TRUSTED_PROXIES=1, as
// compose, Helm and Vercel set it). Clients are told apart by their real source address: 127.0.0.2, .3, …

const { check, add } = securityCounts('client-ip');
const AUTH_BUDGET = 3;
const TOKEN_BUDGET = 2;
let direct: App;
let proxied: App;
let caddy: Caddy;
let db: pg.Client;

beforeAll(async () => {
  const common = {
    ...stack().appDbEnv,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_BACKEND: 'memory',
    RATE_LIMIT_AUTH: `${AUTH_BUDGET}/1m`,
    RATE_LIMIT_TOKENS: `${TOKEN_BUDGET}/1m`,
    RATE_LIMIT_SIGN_IN_ACCOUNT: '1000/1m',
    RATE_LIMIT_PLAN_FREE: '100000/1m',
  };
  direct = await startApp({ ...common, TRUSTED_PROXIES: undefined });
  // The proxied app's public URL is Caddy's, which needs the app's port first: start Caddy on a port chosen now.
  const { freePort } = await import('../support/procs');
  const publicPort = await freePort();
  proxied = await startApp({ ...common, TRUSTED_PROXIES: '1', APP_URL: `https://127.0.0.1:${publicPort}` });
  caddy = await startCaddy(tempDir('client-ip'), proxied.port, publicPort);
  db = new pg.Client({ connectionString: stack().adminDbUrl });
  await db.connect();
}, 180_000);

afterAll(async () => {
  await db?.end();
  await caddy?.stop();
  await Promise.all([direct?.stop(), proxied?.stop()]);
});

let spoofCounter = 0;
/** A different made-up client address on every call, in both headers a naive reader would trust. */
function spoofed(): Record<string, string> {
  spoofCounter++;
  const ip = `198.51.100.${spoofCounter % 250}`;
  return { 'x-forwarded-for': `${ip}, 203.0.113.${spoofCounter % 250}`, 'x-real-ip': ip };
}

type Target = { base: string; origin: string; ca?: string };
const directTarget = (): Target => ({ base: direct.url, origin: direct.url });
const proxiedTarget = (): Target => ({ base: caddy.url, origin: caddy.url, ca: caddy.rootPem });

function authCall(target: Target, from: string, path: string, body: unknown): Promise<Reply> {
  return send(`${target.base}/api/auth${path}`, {
    origin: target.origin,
    body,
    headers: spoofed(),
    localAddress: from,
    ca: target.ca,
  });
}

/** Sign-in and sign-up alternately from one source address, every request claiming another client. */
async function spray(target: Target, from: string, attempts: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < attempts; i++) {
    const email = `spray-${randomUUID()}@example.test`;
    const reply =
      i % 2 === 0
        ? await authCall(target, from, '/sign-in/email', { email, password: 'password-123' })
        : await authCall(target, from, '/sign-up/email', { email: `x${email}`, password: 'short', name: 'S' });
    add('spoofedRequests');
    statuses.push(reply.status);
  }
  return statuses;
}

// A wrong password (401) and a too-short one (422) are "answered"; anything else is shown as it is.
const limited = (statuses: number[]) =>
  statuses.map((status) => (status === 401 || status === 422 ? 'answered' : status));

describe('the client IP comes from the connection, not from what the client claims', () => {
  it('a bare server: rotating X-Forwarded-For / X-Real-IP does not buy a fresh auth budget', async () => {
    await awayFromWindowEdge(60_000, 20_000);
    const statuses = await spray(directTarget(), '127.0.0.2', AUTH_BUDGET + 3);
    expect(limited(statuses)).toEqual([...Array(AUTH_BUDGET).fill('answered'), 429, 429, 429]);
    // Another machine (another source address) has its own budget.
    expect(limited(await spray(directTarget(), '127.0.0.3', 1))).toEqual(['answered']);
    check(2);
  });

  it('behind the proxy (TRUSTED_PROXIES=1): the proxy’s view of the client counts, the client’s claims do not', async () => {
    await awayFromWindowEdge(60_000, 20_000);
    const statuses = await spray(proxiedTarget(), '127.0.0.4', AUTH_BUDGET + 3);
    expect(limited(statuses)).toEqual([...Array(AUTH_BUDGET).fill('answered'), 429, 429, 429]);
    expect(limited(await spray(proxiedTarget(), '127.0.0.5', 1))).toEqual(['answered']);
    check(2);
  });

  it('the token budget too: rotating the header does not mint more tokens', async () => {
    await awayFromWindowEdge(60_000, 20_000);
    const email = `tokens-${randomUUID()}@example.test`;
    const password = `pw-${randomUUID()}`;
    const target = directTarget();
    await authCall(target, '127.0.0.6', '/sign-up/email', { email, password, name: 'Token Sprayer' });
    const signIn = await authCall(target, '127.0.0.6', '/sign-in/email', { email, password });
    expect(signIn.status, signIn.text).toBe(200);
    const cookie = cookieHeader(signIn.setCookies);
    const statuses: number[] = [];
    for (let i = 0; i < TOKEN_BUDGET + 2; i++) {
      const reply = await send(`${target.base}/api/v1/tokens`, {
        origin: target.origin,
        cookie,
        body: { name: `t${i}`, role: 'viewer' },
        headers: spoofed(),
        localAddress: '127.0.0.7',
      });
      statuses.push(reply.status);
    }
    expect(statuses).toEqual([...Array(TOKEN_BUDGET).fill(201), 429, 429]);
    check();
  });

  it('the audit log and the session record the same address the limits use', async () => {
    for (const [target, from] of [
      [directTarget(), '127.0.0.8'],
      [proxiedTarget(), '127.0.0.9'],
    ] as const) {
      const email = `audited-${randomUUID()}@example.test`;
      const password = `pw-${randomUUID()}`;
      const requestId = `client-ip-${randomUUID()}`;
      await authCall(target, from, '/sign-up/email', { email, password, name: 'Audited' });
      const signIn = await send(`${target.base}/api/auth/sign-in/email`, {
        origin: target.origin,
        body: { email, password },
        headers: { ...spoofed(), 'x-request-id': requestId },
        localAddress: from,
        ca: target.ca,
      });
      expect(signIn.status, signIn.text).toBe(200);
      const audit = await db.query(`select ip from audit_logs where request_id = $1 and action = 'SIGN_IN'`, [
        requestId,
      ]);
      expect(audit.rows.map((r) => r.ip)).toEqual([from]);
      const session = await db.query(
        `select s.ip_address from sessions s join users u on u.id = s.user_id where u.email = $1 order by s.created_at desc limit 1`,
        [email],
      );
      expect(session.rows[0].ip_address).toBe(from);
    }
    check(2);
  });
});
