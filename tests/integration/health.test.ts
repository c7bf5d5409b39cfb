import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../src/server/db/client';
import { liveness, readiness } from '../../src/server/health';

// Opening the database (PGlite migrates first) is setup: on a busy machine it can outlast the 2 s readiness budget.
beforeAll(async () => {
  await getDb();
});

describe('health endpoints', () => {
  // Opening the embedded database (and migrating it) is the file's cold start, not part of a readiness probe:
  // on a loaded machine it took longer than the probe's 2 s budget, and the probe answered 503 "no answer".
  beforeAll(async () => {
    await getDb();
  });

  it('live answers ok without touching dependencies', async () => {
    const response = await liveness();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('ready checks the database and that every migration of this build is applied', async () => {
    const response = await readiness();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.status).toBe('ok');
    expect(body.checks.database).toMatchObject({ status: 'ok', latencyMs: expect.any(Number) });
  });
});
