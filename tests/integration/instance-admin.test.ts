import { afterEach, describe, expect, it } from 'vitest';
import { doctorResponse } from '../../src/server/doctor';
import { instanceAdminOf, isInstanceAdmin } from '../../src/server/auth/instance-admin';
import { firstAccountId } from '../../src/server/db/instance-admin';
import { resetEnv } from '../../src/server/env';
import { opsHistoryResponse } from '../../src/server/ops';
import { signUp } from '../support/api';

// Instance admins: the first account, or exactly those TIKA_ADMIN_EMAILS names. Only they (and the doctor token)
// get the doctor's report over HTTP; everyone else gets a 404.

afterEach(() => {
  delete process.env.TIKA_ADMIN_EMAILS;
  resetEnv();
});

describe('instance admin', () => {
  it('is the first account when TIKA_ADMIN_EMAILS is unset, and nobody else', async () => {
    const someone = await signUp('Someone');
    const first = await firstAccountId();
    expect(first).toBeTruthy();
    expect(await isInstanceAdmin({ userId: first!, email: 'whoever@example.test' })).toBe(true);
    if (someone.id !== first) expect(await isInstanceAdmin({ userId: someone.id, email: someone.email })).toBe(false);
  });

  it('is exactly the listed emails when TIKA_ADMIN_EMAILS is set (case-insensitive)', async () => {
    const ops = await signUp('Ops');
    process.env.TIKA_ADMIN_EMAILS = `nobody@example.test, ${ops.email.toUpperCase()}`;
    resetEnv();
    expect(await isInstanceAdmin({ userId: ops.id, email: ops.email })).toBe(true);
    const first = await firstAccountId();
    expect(await isInstanceAdmin({ userId: first!, email: 'first@example.test' })).toBe(false);
    const request = new Request('http://h/api/ops/doctor', { headers: { cookie: ops.cookie } });
    expect(await instanceAdminOf(request)).toEqual({ userId: ops.id, email: ops.email });
  });

  it('gets the doctor report over HTTP; another signed-in user and an anonymous caller get 404', async () => {
    const admin = await signUp('Admin');
    const other = await signUp('Other');
    process.env.TIKA_ADMIN_EMAILS = admin.email;
    resetEnv();
    const asAdmin = await doctorResponse(new Request('http://h/api/ops/doctor', { headers: { cookie: admin.cookie } }));
    expect(asAdmin.status).toBe(200);
    const report = await asAdmin.json();
    expect(report.stages.map((s: { id: string }) => s.id)).toEqual(['mvp', 'team', 'saas', 'enterprise']);
    // The test suite's session secret is a readable test string: the doctor says so.
    const secrets = report.stages[0].items.find((i: { id: string }) => i.id === 'secrets.strong');
    expect(secrets).toMatchObject({
      status: 'fail',
      evidence: expect.stringMatching(/BETTER_AUTH_SECRET: made of words/),
    });
    expect(report.meets).toBeNull();
    const asOther = await doctorResponse(new Request('http://h/api/ops/doctor', { headers: { cookie: other.cookie } }));
    expect(asOther.status).toBe(404);
    // The same problem+json as any unknown resource: a stable code and the request id, nothing about the report.
    expect(asOther.headers.get('content-type')).toBe('application/problem+json');
    expect(await asOther.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', requestId: expect.any(String) });
    expect(asOther.headers.get('x-request-id')).toBeTruthy();
    expect((await doctorResponse(new Request('http://h/api/ops/doctor'))).status).toBe(404);
  });
});

describe('ops history endpoint', () => {
  it('answers instance admins with this instance, its points and the Grafana link; others get 404', async () => {
    const admin = await signUp('Ops admin');
    process.env.TIKA_ADMIN_EMAILS = admin.email;
    process.env.GRAFANA_URL = 'https://grafana.example.com/';
    resetEnv();
    try {
      const response = await opsHistoryResponse(
        new Request('http://h/api/ops/history', { headers: { cookie: admin.cookie } }),
      );
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({
        sampleSeconds: 30,
        links: { grafana: 'https://grafana.example.com/d/tika-overview' },
        instance: { hostname: expect.any(String) },
      });
      expect(Array.isArray(body.points)).toBe(true);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const refused = await opsHistoryResponse(new Request('http://h/api/ops/history'));
      expect(refused.status).toBe(404);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
    } finally {
      delete process.env.GRAFANA_URL;
    }
  });
});
