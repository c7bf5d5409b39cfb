import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetEnv } from '../../src/server/env';
import { enforceLimit, rateLimitHealth, resetRateLimit } from '../../src/server/rate-limit';

// The Redis backend cannot even start: its client library fails to load. Before the fix the failed start was
// cached and every check let requests through whatever RATE_LIMIT_FAIL_MODE said; now the fail mode applies and
// the backend is tried again later.
let loadFails = true;
vi.mock('ioredis', async (importOriginal) => {
  if (loadFails) throw new Error('Cannot find module ioredis (simulated broken install)');
  return importOriginal();
});

const spec = { limit: 100, windowMs: 60_000 };
const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  resetEnv();
  resetRateLimit();
});

function configure(mode: 'open' | 'closed') {
  Object.assign(process.env, {
    RATE_LIMIT_BACKEND: 'redis',
    REDIS_URL: 'redis://127.0.0.1:9',
    RATE_LIMIT_FAIL_MODE: mode,
  });
  resetEnv();
  resetRateLimit();
}

describe('a rate-limit backend that cannot start', () => {
  it('fail mode closed: 503 SERVICE_UNAVAILABLE with Retry-After, and readiness says why', async () => {
    configure('closed');
    const refused = await enforceLimit('tenant', 'w1', spec).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', headers: { 'Retry-After': '5' } });
    // Every check, not only the first one.
    await expect(enforceLimit('tenant', 'w1', spec)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(await rateLimitHealth()).toMatchObject({
      name: 'redis',
      ok: false,
      detail: expect.stringMatching(/could not start/),
    });
  });

  it('fail mode open: the request goes through (logged and counted), never a 500', async () => {
    configure('open');
    await expect(enforceLimit('tenant', 'w1', spec)).resolves.toEqual({});
  });

  it('the failed start is not cached for good: a later check starts the backend again', async () => {
    configure('closed');
    await expect(enforceLimit('tenant', 'w1', spec)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    loadFails = false;
    vi.resetModules();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 6_000);
      const fresh = await import('../../src/server/rate-limit');
      // Started this time: the client exists, but nothing listens on port 9 → the fail mode still applies, now
      // from the check itself, and readiness reports the backend's own error instead of "could not start".
      await expect(fresh.enforceLimit('tenant', 'w1', spec)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      const health = await fresh.rateLimitHealth();
      expect(health).toMatchObject({ name: 'redis', ok: false });
      expect(health?.detail).not.toMatch(/could not start/);
      await fresh.closeRateLimit();
    } finally {
      vi.useRealTimers();
      loadFails = true;
    }
  });
});
