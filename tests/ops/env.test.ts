import { describe, expect, it } from 'vitest';
import { parseEnv, EnvError } from '../../src/server/env';
import { startApp, tempDir, waitFor } from '../support/procs';

// Configuration is validated at boot: the production server with a bad environment must exit non-zero with one
// message naming every problem (and no stack trace, no secret value); embedded mode needs nothing.

const serverEnv = { DATABASE_URL: 'postgres://tika_runtime:s3cret-db-pass@127.0.0.1:1/tika', NODE_ENV: 'production' };

describe('env validation at boot (production server)', () => {
  it('refuses to start with a database server and no BETTER_AUTH_SECRET / APP_URL, naming both', async () => {
    const app = await startApp({ ...serverEnv, APP_URL: undefined }, { waitReady: false });
    const code = await app.exited;
    const stderr = app.stderr.join('');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/configuration problems?/);
    expect(stderr).toMatch(/BETTER_AUTH_SECRET: required/);
    expect(stderr).toMatch(/APP_URL: required/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(stderr).not.toContain('s3cret-db-pass');
  });

  it('names each missing variable of a configured backend, and every invalid value, in one message', async () => {
    const app = await startApp(
      {
        RATE_LIMIT_BACKEND: 'redis',
        UNLEASH_URL: 'http://127.0.0.1:1/api',
        METRICS_TOKEN: 'short',
        LOG_LEVEL: 'loud',
        RATE_LIMIT_PLAN_FREE: 'lots',
        FLAG_TICKET_COMMENTS: 'maybe',
      },
      { waitReady: false },
    );
    expect(await app.exited).not.toBe(0);
    const stderr = app.stderr.join('');
    for (const name of [
      'REDIS_URL',
      'UNLEASH_API_TOKEN',
      'METRICS_TOKEN',
      'LOG_LEVEL',
      'RATE_LIMIT_PLAN_FREE',
      'FLAG_TICKET_COMMENTS',
    ]) {
      expect(stderr, name).toContain(`${name}:`);
    }
    expect(stderr).toMatch(/6 configuration problems/);
  });

  it('starts in embedded mode with no variables at all', async () => {
    const dir = tempDir('env');
    const app = await startApp({ PGLITE_DATA_DIR: `${dir}/pglite` });
    try {
      // The embedded database opens (and migrates) after the server listens: readiness turns 200 once it answers.
      // Polled, not asked once: on a loaded machine the first probe can land before the database is open.
      await waitFor('readiness', async () => (await fetch(`${app.url}/api/health/ready`)).status === 200, 60_000, 300);
    } finally {
      await app.stop();
    }
  });
});

describe('parseEnv', () => {
  it('needs nothing in embedded mode and defaults the ops switches off', () => {
    const env = parseEnv({});
    expect(env.rateLimitBackend).toBe('memory');
    expect(env.SENTRY_DSN).toBeUndefined();
    expect(env.METRICS_TOKEN).toBeUndefined();
    expect(env.RATE_LIMIT_PLAN_FREE).toEqual({ limit: 300, windowMs: 60_000 });
  });

  it('parses limits, flags and the backend choice', () => {
    const env = parseEnv({
      REDIS_URL: 'redis://127.0.0.1:6379',
      RATE_LIMIT_PLAN_PRO: '50/10s',
      FLAG_DEFAULTS: 'KANBAN_SWIMLANES=on',
      FLAG_TICKET_COMMENTS: 'off',
    });
    expect(env.rateLimitBackend).toBe('redis');
    expect(env.RATE_LIMIT_PLAN_PRO).toEqual({ limit: 50, windowMs: 10_000 });
    expect(env.flags).toEqual({ KANBAN_SWIMLANES: true, TICKET_COMMENTS: false });
  });

  it('never echoes a value in its message', () => {
    try {
      parseEnv({ DATABASE_URL: 'mysql://user:hunter2@db/x', SENTRY_DSN: 'not a url with secret-abc' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const message = (error as Error).message;
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('SENTRY_DSN');
      expect(message).not.toContain('hunter2');
      expect(message).not.toContain('secret-abc');
    }
  });
});
