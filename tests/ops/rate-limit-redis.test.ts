import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awayFromWindowEdge } from '../support/rate-window';
import { call, createToken, signUp } from '../support/http-client';
import {
  pgEnv,
  startApp,
  startPostgres,
  startRedis,
  waitFor,
  type App,
  type Postgres,
  type Redis,
} from '../support/procs';

// Two production servers share one PostgreSQL and one Redis: a workspace's limit holds across both. Then Redis
// stops: the fail-open server keeps serving, the fail-closed one answers 503 problem+json, neither answers 500.

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
async function metric(app: App, name: string): Promise<number> {
  const text = await (
    await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

let pg: Postgres;
let redis: Redis;
let open: App;
let closed: App;

beforeAll(async () => {
  pg = await startPostgres();
  redis = await startRedis();
  const common = {
    ...pgEnv(pg),
    RATE_LIMIT_BACKEND: 'redis',
    REDIS_URL: redis.url,
    RATE_LIMIT_PLAN_FREE: '10/1m',
    RATE_LIMIT_PLAN_PRO: '1000/1m',
    RATE_LIMIT_AUTH: '3/1m',
    RATE_LIMIT_TOKENS: '1000/1m',
    LOG_LEVEL: 'warn',
    METRICS_TOKEN,
    // The test stands in for the proxy in front of the app (it runs on loopback): its X-Forwarded-For is believed,
    // which gives each simulated client its own per-IP budget. Without this the app ignores that header.
    TRUSTED_PROXIES: '127.0.0.1',
  };
  [open, closed] = await Promise.all([
    startApp({ ...common, RATE_LIMIT_FAIL_MODE: 'open' }),
    startApp({ ...common, RATE_LIMIT_FAIL_MODE: 'closed' }),
  ]);
});

afterAll(async () => {
  await Promise.all([open?.stop(), closed?.stop()]);
  await redis?.stop().catch(() => undefined);
  pg?.stop();
});

describe('rate limits on Redis across two app processes', () => {
  it('holds a workspace to its plan limit whichever replica answers, with RateLimit headers and a 429 problem', async () => {
    await awayFromWindowEdge();
    const owner = await signUp(open.url, { ip: '10.0.0.1' });
    const token = await createToken(open.url, owner);
    // The sign-up + token calls above counted too; burn the rest of the window alternating between the replicas.
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 14; i++) {
      last = await call(i % 2 ? closed.url : open.url, 'GET', '/api/v1/boards', { token });
      statuses.push(last.status);
      if (last.status === 200) {
        expect(Number(last.headers.get('ratelimit-limit'))).toBe(10);
        expect(last.headers.get('ratelimit-remaining')).not.toBeNull();
      }
    }
    const passed = statuses.filter((s) => s === 200).length;
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    // 10 per window for the workspace in total (POST /tokens used one during set-up; /me is not workspace-scoped),
    // not 10 per replica.
    expect(passed).toBe(9);
    expect(last!.status).toBe(429);
    expect(last!.headers.get('content-type')).toBe('application/problem+json');
    expect(last!.body.code).toBe('RATE_LIMITED');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.headers.get('ratelimit-remaining')).toBe('0');

    // Every refusal is counted, on the replica that refused it.
    const rejected =
      (await metric(open, 'rate_limit_rejections_total{scope="tenant",reason="limit"}')) +
      (await metric(closed, 'rate_limit_rejections_total{scope="tenant",reason="limit"}'));
    expect(rejected).toBe(5);

    // Another workspace has its own budget.
    const other = await signUp(closed.url, { ip: '10.0.0.2' });
    expect((await call(open.url, 'GET', '/api/v1/boards', { cookie: other.cookie })).status).toBe(200);
  });

  it('limits sign-in attempts per client IP across replicas', async () => {
    await awayFromWindowEdge();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const target = i % 2 ? closed.url : open.url;
      const response = await fetch(`${target}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: target, 'x-forwarded-for': '10.9.9.9' },
        body: JSON.stringify({ email: 'nobody@example.test', password: 'wrong password 123' }),
      });
      statuses.push(response.status);
      if (response.status === 429) expect((await response.json()).code).toBe('RATE_LIMITED');
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    // A different client IP is not affected.
    const elsewhere = await fetch(`${open.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: open.url, 'x-forwarded-for': '10.9.9.10' },
      body: JSON.stringify({ email: 'nobody@example.test', password: 'wrong password 123' }),
    });
    expect(elsewhere.status).not.toBe(429);
  });

  it('applies the fail mode when Redis stops: open passes, closed refuses with 503 problem+json, never 500', async () => {
    const owner = await signUp(open.url, { ip: '10.0.0.3' });
    await redis.stop();
    const openResults = [];
    const closedResults = [];
    for (let i = 0; i < 3; i++) {
      openResults.push(await call(open.url, 'GET', '/api/v1/boards', { cookie: owner.cookie }));
      closedResults.push(await call(closed.url, 'GET', '/api/v1/boards', { cookie: owner.cookie }));
    }
    expect(openResults.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(closedResults.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(closedResults[0]!.headers.get('content-type')).toBe('application/problem+json');
    expect(closedResults[0]!.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(closedResults[0]!.headers.get('retry-after')).toBeTruthy();

    // Readiness: Redis is optional → degraded (200), with the check down.
    const ready = await fetch(`${open.url}/api/health/ready`);
    expect(ready.status).toBe(200);
    const body = await ready.json();
    expect(body.status).toBe('degraded');
    expect(body.checks.rateLimit.status).toBe('down');
    expect(body.checks.database.status).toBe('ok');

    // Counted and still answering.
    expect(await metric(open, 'rate_limit_backend_errors_total{backend="redis",mode="open"}')).toBeGreaterThanOrEqual(
      3,
    );
    expect(await metric(closed, 'rate_limit_rejections_total{scope="tenant",reason="backend_unavailable"}')).toBe(3);
    const live = await fetch(`${closed.url}/api/health/live`);
    expect(live.status).toBe(200);

    // Redis comes back on the same port: both replicas recover without a restart.
    redis = await startRedis(redis.port);
    await waitFor(
      'closed replica to recover',
      async () => (await call(closed.url, 'GET', '/api/v1/boards', { cookie: owner.cookie })).status === 200,
      15_000,
      300,
    );
    // Each replica's Redis client reconnects on its own schedule: the open one turns ready again too.
    await waitFor(
      'open replica ready again',
      async () => (await (await fetch(`${open.url}/api/health/ready`)).json()).status === 'ok',
      15_000,
      300,
    );
  });
});
