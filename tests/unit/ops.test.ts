import { afterEach, describe, expect, it } from 'vitest';
import { EnvError, parseEnv, resetEnv } from '../../src/server/env';
import { metricsResponse, observeRequest } from '../../src/server/metrics';
import { rateLimitHeaders } from '../../src/server/rate-limit';
import { scrubEvent } from '../../src/server/sentry';

// Pure parts of the ops layer; the real-component behaviour is in tests/ops (npm run test:ops).

afterEach(() => {
  delete process.env.METRICS_TOKEN;
  resetEnv();
});

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

describe('ops units', () => {
  it('parses the environment and lists every problem without values', () => {
    expect(parseEnv({}).rateLimitBackend).toBe('memory');
    expect(
      parseEnv({ UPSTASH_REDIS_REST_URL: 'https://x.example', UPSTASH_REDIS_REST_TOKEN: 't' }).rateLimitBackend,
    ).toBe('upstash');
    expect(() => parseEnv({ RATE_LIMIT_BACKEND: 'upstash', DATABASE_DRIVER: 'pg', NODE_ENV: 'production' })).toThrow(
      EnvError,
    );
    // Caught explicitly: a parse that wrongly succeeds fails here instead of skipping every assertion below.
    const error = caught(() =>
      parseEnv({
        RATE_LIMIT_BACKEND: 'upstash',
        DATABASE_DRIVER: 'pg',
        NODE_ENV: 'production',
        BETTER_AUTH_SECRET: 'short-secret-value',
      }),
    );
    expect(error).toBeInstanceOf(EnvError);
    const problems = (error as EnvError).problems.join('\n');
    for (const name of [
      'DATABASE_URL',
      'APP_URL',
      'UPSTASH_REDIS_REST_URL',
      'UPSTASH_REDIS_REST_TOKEN',
      'BETTER_AUTH_SECRET',
    ])
      expect(problems).toContain(name);
    expect(problems).not.toContain('short-secret-value');
  });

  it('builds RateLimit headers, with Retry-After only when refused', () => {
    expect(rateLimitHeaders({ allowed: true, limit: 10, remaining: 4, resetMs: 1500 })).toEqual({
      'RateLimit-Limit': '10',
      'RateLimit-Remaining': '4',
      'RateLimit-Reset': '2',
    });
    expect(rateLimitHeaders({ allowed: false, limit: 10, remaining: 0, resetMs: 30_000 })['Retry-After']).toBe('30');
  });

  it('strips headers, cookies, bodies, query strings and user identity from Sentry events', () => {
    const event = scrubEvent({
      request: {
        headers: { authorization: 'Bearer x' },
        cookies: { a: 'b' },
        data: '{"password":"p"}',
        query_string: 'token=1',
        url: 'http://h/api/x?token=1',
      },
      user: { ip_address: '1.2.3.4', email: 'a@b.c' },
      breadcrumbs: [{ category: 'http', data: { authorization: 'x', url: '/a' } }],
    });
    expect(event.request).toEqual({ url: 'http://h/api/x' });
    expect(event.user).toEqual({});
    expect(event.breadcrumbs![0]!.data).toEqual({ url: '/a' });
  });

  it('serves metrics only with the right bearer token', async () => {
    expect((await metricsResponse(new Request('http://h/api/metrics'))).status).toBe(404);
    process.env.METRICS_TOKEN = 'unit-metrics-token-0123456789';
    resetEnv();
    expect(
      (await metricsResponse(new Request('http://h/api/metrics', { headers: { authorization: 'Bearer nope' } })))
        .status,
    ).toBe(401);
    observeRequest('GET', '/api/v1/unit', 200, 12);
    const ok = await metricsResponse(
      new Request('http://h/api/metrics', { headers: { authorization: 'Bearer unit-metrics-token-0123456789' } }),
    );
    expect(ok.status).toBe(200);
    const text = await ok.text();
    expect(text).toContain('http_request_total{method="GET",route="/api/v1/unit",status="200"} 1');
    expect(text).toContain('http_request_duration_ms_bucket{le="50",method="GET",route="/api/v1/unit",status="200"} 1');
  });
});
