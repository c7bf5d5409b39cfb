import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../support/http-client';
import { startApp, tempDir, waitFor, type App } from '../support/procs';
import { startSink, type Sink } from '../support/sinks';

// SENTRY_DSN points at a local HTTP server: a real 500 (the env-gated diagnostics endpoint) must arrive there as an
// envelope tagged with the request id, release and environment — and without the cookie or authorization header.

let sink: Sink;
let app: App;

beforeAll(async () => {
  sink = await startSink();
  app = await startApp({
    PGLITE_DATA_DIR: `${tempDir('sentry')}/pglite`,
    SENTRY_DSN: `http://publickey@127.0.0.1:${sink.port}/1`,
    SENTRY_RELEASE: 'tika@ops-test',
    TIKA_ENV: 'ops-test',
    TIKA_DIAGNOSTICS: '1',
    LOG_LEVEL: 'warn',
  });
});

afterAll(async () => {
  await app?.stop();
  await sink?.close();
});

describe('Sentry', () => {
  it('receives a server error with the request id and no cookies, headers or secrets', async () => {
    const session = await signUp(app.url);
    const requestId = `ops-sentry-${Date.now()}`;
    const response = await fetch(`${app.url}/api/diagnostics/error?apiKey=query-secret-123`, {
      headers: {
        cookie: session.cookie,
        authorization: 'Bearer tika_planted_bearer_secret_0001',
        'x-request-id': requestId,
      },
    });
    expect(response.status).toBe(500);
    const problem = await response.json();
    expect(problem.requestId).toBe(requestId);
    expect(problem.detail).not.toContain('deliberate'); // internals never reach the client

    const envelope = await waitFor(
      'a Sentry envelope',
      async () => sink.received.find((r) => r.path.startsWith('/api/1/envelope') && r.text.includes(requestId)),
      20_000,
      200,
    );
    expect(envelope.text).toContain('diagnostics: a deliberate server error');
    const event = JSON.parse(envelope.text.split('\n').find((line) => line.includes('"exception"'))!);
    expect(event.tags.request_id).toBe(requestId);
    expect(event.release).toBe('tika@ops-test');
    expect(event.environment).toBe('ops-test');
    expect(event.request?.headers).toBeUndefined();
    expect(event.request?.cookies).toBeUndefined();
    for (const secret of [
      session.cookie.split('=')[1]!.slice(0, 20),
      'tika_planted_bearer_secret_0001',
      'query-secret-123',
      session.password,
    ]) {
      expect(envelope.text).not.toContain(secret);
    }
  });
});
