import { afterAll, describe, expect, it } from 'vitest';
import { call, signUp } from '../support/http-client';
import { startApp, tempDir, waitFor, type App } from '../support/procs';

// SIGTERM to the production server: readiness turns 503 first while requests are still served (drain delay), then
// new connections are refused, the slow request in flight completes, buffered usage is written, and the process
// exits. A request slower than SHUTDOWN_TIMEOUT_MS does not hold the process hostage.

const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.stop('SIGKILL');
});

describe('graceful shutdown', () => {
  it('drains, finishes in-flight work, flushes and exits', async () => {
    const dataDir = `${tempDir('shutdown')}/pglite`;
    const env = {
      PGLITE_DATA_DIR: dataDir,
      TIKA_DIAGNOSTICS: '1',
      // Long enough that the checks made while draining cannot miss the window on a loaded machine.
      SHUTDOWN_DRAIN_DELAY_MS: '5000',
      SHUTDOWN_TIMEOUT_MS: '20000',
      USAGE_FLUSH_INTERVAL_MS: '3600000',
      LOG_LEVEL: 'info',
    };
    const app = await startApp(env);
    apps.push(app);
    const owner = await signUp(app.url);
    for (let i = 0; i < 3; i++)
      expect((await call(app.url, 'GET', '/api/v1/boards', { cookie: owner.cookie })).status).toBe(200);

    const started = Date.now();
    const slow = fetch(`${app.url}/api/diagnostics/slow?ms=8000`).then(async (r) => ({
      status: r.status,
      body: await r.json(),
      at: Date.now() - started,
    }));
    // No fixed sleeps: signal only once the slow request is in flight, check once draining has begun.
    const logged = (msg: string) => async () => app.logs().find((line) => line.msg === msg);
    await waitFor('the slow request in flight', logged('diagnostics: slow request started'));
    app.proc.kill('SIGTERM');
    const draining = await waitFor('draining', logged('shutdown: draining (readiness now 503)'));
    expect(draining.inflight).toBeGreaterThanOrEqual(1);
    // Draining: readiness says no, but the instance still answers.
    const ready = await fetch(`${app.url}/api/health/ready`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).checks.shutdown.status).toBe('down');
    expect((await call(app.url, 'GET', '/api/v1/boards', { cookie: owner.cookie })).status).toBe(200);
    // After the drain delay, new requests are refused (or answered 503 while closing), while the slow one runs.
    const late = await waitFor(
      'new requests refused',
      async () => {
        const status = await fetch(`${app.url}/api/v1/boards`, { headers: { cookie: owner.cookie } }).then(
          (r) => r.status,
          (e: Error) => (e.cause as { code?: string })?.code ?? e.message,
        );
        return status === 200 ? undefined : status;
      },
      30_000,
      200,
    );
    // Refused: a new connection is refused, a request on a kept-alive connection the server is closing is reset
    // (the client's pool may reuse one from the calls above — which of the two is a race), or a 503 while closing.
    expect(['ECONNREFUSED', 'ECONNRESET', 503]).toContain(late);
    const result = await slow;
    expect(result.status).toBe(200);
    expect(result.body.sleptMs).toBe(8000);
    const code = await app.exited;
    expect([0, 143]).toContain(code);
    const messages = app.logs().map((l) => l.msg);
    expect(messages).toContain('shutdown: draining (readiness now 503)');

    // The three board reads were buffered (flush interval 1h) and written at exit.
    const again = await startApp(env);
    apps.push(again);
    const signIn = await fetch(`${again.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: again.url },
      body: JSON.stringify({ email: owner.email, password: owner.password }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const usage = await call(again.url, 'GET', '/api/v1/usage', { cookie });
    expect(usage.body.totalApiCalls).toBeGreaterThanOrEqual(3);
    await again.stop();
  });

  it('exits at SHUTDOWN_TIMEOUT_MS even with a request still running', async () => {
    const app = await startApp({
      PGLITE_DATA_DIR: `${tempDir('shutdown2')}/pglite`,
      TIKA_DIAGNOSTICS: '1',
      SHUTDOWN_TIMEOUT_MS: '1000',
      LOG_LEVEL: 'info',
    });
    apps.push(app);
    // Ready first (the embedded database migrates at start, keeping the event loop busy meanwhile).
    await waitFor('readiness', async () => (await fetch(`${app.url}/api/health/ready`)).status === 200, 60_000, 300);
    const slow = fetch(`${app.url}/api/diagnostics/slow?ms=15000`).then(
      (r) => r.status,
      () => 'aborted',
    );
    await waitFor('the slow request in flight', async () =>
      app.logs().some((line) => line.msg === 'diagnostics: slow request started'),
    );
    const killedAt = Date.now();
    app.proc.kill('SIGTERM');
    const code = await app.exited;
    expect(Date.now() - killedAt).toBeLessThan(8000);
    expect(code).toBe(1);
    expect(await slow).toBe('aborted');
    expect(app.logs().map((l) => l.msg)).toContain('shutdown: deadline reached, exiting with requests in flight');
  });
});
