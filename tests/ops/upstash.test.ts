import { awayFromWindowEdge } from '../support/rate-window';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signUp } from '../support/http-client';
import { startApp, startRedis, tempDir, type App, type Redis } from '../support/procs';
import { startUpstashShim, type UpstashShim } from '../support/upstash-rest';

// RATE_LIMIT_BACKEND=upstash: @upstash/ratelimit + @upstash/redis against a local server speaking the Upstash REST
// protocol, backed by a real Redis (the shim strips the `#!lua flags=allow-key-locking` first line that plain
// Redis rejects). Fail-closed when the REST endpoint goes away.

let redis: Redis;
let shim: UpstashShim;
let app: App;

beforeAll(async () => {
  redis = await startRedis();
  shim = await startUpstashShim(redis.url);
  app = await startApp({
    PGLITE_DATA_DIR: `${tempDir('upstash')}/pglite`,
    RATE_LIMIT_BACKEND: 'upstash',
    UPSTASH_REDIS_REST_URL: shim.url,
    UPSTASH_REDIS_REST_TOKEN: shim.token,
    RATE_LIMIT_PLAN_FREE: '5/1m',
    RATE_LIMIT_FAIL_MODE: 'closed',
    LOG_LEVEL: 'warn',
  });
});

afterAll(async () => {
  await app?.stop();
  await shim?.close().catch(() => undefined);
  await redis?.stop();
});

describe('Upstash backend', () => {
  it('limits a workspace through the Upstash REST protocol', async () => {
    await awayFromWindowEdge();
    const owner = await signUp(app.url);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await call(app.url, 'GET', '/api/v1/boards', { cookie: owner.cookie });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(last!.body.code).toBe('RATE_LIMITED');
    expect(last!.headers.get('ratelimit-limit')).toBe('5');
    // It really went through the shim into Redis, with the shebang stripped.
    expect(shim.commands.some((c) => /^EVAL(SHA)?$/i.test(c[0]!))).toBe(true);
    expect(shim.strippedShebangs).toBeGreaterThan(0);
    const { default: IORedis } = await import('ioredis');
    const client = new IORedis(redis.url);
    const keys = await client.keys('tika:rl:tenant*');
    client.disconnect();
    expect(keys.length).toBeGreaterThan(0);
  });

  it('fails closed with a 503 problem when the Upstash endpoint is unreachable', async () => {
    const owner = await signUp(app.url);
    await shim.close();
    const result = await call(app.url, 'GET', '/api/v1/boards', { cookie: owner.cookie });
    expect(result.status).toBe(503);
    expect(result.body.code).toBe('SERVICE_UNAVAILABLE');
    expect((await fetch(`${app.url}/api/health/live`)).status).toBe(200);
    const ready = await (await fetch(`${app.url}/api/health/ready`)).json();
    expect(ready.status).toBe('degraded');
    expect(ready.checks.rateLimit.status).toBe('down');
  });
});
