import { describe, expect, it } from 'vitest';
import { liveness, readiness } from '../../src/server/health';

describe('health endpoints', () => {
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
