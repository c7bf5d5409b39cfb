import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createToken, signUp } from '../support/http-client';
import { startApp, tempDir, waitFor, type App } from '../support/procs';
import { startSink, type Sink } from '../support/sinks';

// The server's stdout: every line we write is JSON; request lines carry requestId, tenantId, route, method, status,
// durationMs and — with OTEL_EXPORTER_OTLP_ENDPOINT set — the trace and span ids of spans exported over OTLP/HTTP.
// Planted secrets (a sign-up password, a bearer token, a session cookie) appear nowhere.

let otlp: Sink;
let app: App;

// Next prints its own start banner (plain text) before any of our code runs; everything after it must be JSON.
const nextBanner = /^(▲ Next\.js|- (Local|Network):|✓ (Ready|Running|Starting)|\s*$)/;

beforeAll(async () => {
  otlp = await startSink();
  app = await startApp({
    PGLITE_DATA_DIR: `${tempDir('logs')}/pglite`,
    LOG_LEVEL: 'info',
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    OTEL_SERVICE_NAME: 'tika-ops-test',
  });
});

afterAll(async () => {
  await app?.stop();
  await otlp?.close();
});

describe('structured logs and traces', () => {
  it('writes JSON request lines with ids and no planted secret', async () => {
    const password = 'planted-Password-9f3k2';
    const session = await signUp(app.url, { password });
    const token = await createToken(app.url, session);
    const requestId = `ops-logs-${Date.now()}`;
    expect(
      (await call(app.url, 'GET', '/api/v1/boards', { token, headers: { 'x-request-id': requestId } })).status,
    ).toBe(200);
    expect((await call(app.url, 'GET', '/api/v1/boards', { cookie: session.cookie })).status).toBe(200);
    expect((await call(app.url, 'GET', '/api/v1/boards', { token: 'tika_not_a_real_token_but_secret' })).status).toBe(
      401,
    );
    // A failed sign-in with the planted password too.
    await fetch(`${app.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify({ email: session.email, password: `${password}-wrong` }),
    });
    await new Promise((r) => setTimeout(r, 300));

    const ours = app.stdout.filter((line) => !nextBanner.test(line));
    expect(ours.length).toBeGreaterThan(5);
    for (const line of ours) expect(() => JSON.parse(line), line).not.toThrow();
    const lines = ours.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request');
    for (const line of requests) {
      expect(line).toHaveProperty('requestId');
      expect(line).toHaveProperty('tenantId');
      expect(line).toMatchObject({ level: 'info' });
      expect(typeof line.durationMs).toBe('number');
    }
    const mine = requests.find((l) => l.requestId === requestId)!;
    expect(mine).toMatchObject({
      route: '/api/v1/boards',
      method: 'GET',
      status: 200,
      tenantId: session.workspaceId,
      actorType: 'token',
    });
    expect(requests.find((l) => l.route === '/api/v1/boards' && l.actorType === 'user')).toMatchObject({
      tenantId: session.workspaceId,
    });

    const everything = app.stdout.join('\n') + app.stderr.join('\n');
    const cookieValue = session.cookie.split(';')[0]!.split('=').slice(1).join('=');
    for (const secret of [password, token, 'tika_not_a_real_token_but_secret', cookieValue])
      expect(everything).not.toContain(secret);
  });

  it('exports spans over OTLP/HTTP and puts their trace ids on request lines', async () => {
    await waitFor('an OTLP export', async () => otlp.received.find((r) => r.path === '/v1/traces'), 20_000, 300);
    const traced = app.logs().filter((l) => l.msg === 'request' && typeof l.trace_id === 'string');
    expect(traced.length).toBeGreaterThan(0);
    for (const line of traced) {
      expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
    }
    // The exported payload (protobuf, batched) carries those trace ids as raw bytes.
    const exported = () => Buffer.concat(otlp.received.filter((r) => r.path === '/v1/traces').map((r) => r.body));
    await waitFor(
      'a logged trace id in the export',
      async () => traced.some((line) => exported().includes(Buffer.from(String(line.trace_id), 'hex'))),
      20_000,
      500,
    );
    expect(exported().includes(Buffer.from('tika-ops-test'))).toBe(true);
  });
});
