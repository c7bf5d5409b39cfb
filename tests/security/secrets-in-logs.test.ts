import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api, cookieHeader, send, signUp, stack } from '../support/security-client';
import { securityCounts } from '../support/security-results';

// Planted secrets never reach the logs. A journey sends every kind of secret the app handles — passwords,
// API tokens, session cookies, Authorization headers, invitation tokens, secrets in bodies and query strings —
// in good requests, failing ones and a deliberate server error; the replicas also run with secret env values
// (BETTER_AUTH_SECRET, METRICS_TOKEN, the DATABASE_URL password). Then all of both replicas' stdout/stderr (pino
// JSON, plus anything else they printed since start) is searched for each value.

const { check, add } = securityCounts('secrets-in-logs');

describe('secrets in logs', () => {
  it('no planted secret appears anywhere in the server output', async () => {
    const { appUrl, publicUrl, replicaUrl, logFile, plantedEnv } = stack();
    const marker = randomUUID().slice(0, 8);
    const password = `planted-password-${marker}-Xy7!`;
    const bodySecret = `planted-body-secret-${marker}`;
    const querySecret = `planted-query-secret-${marker}`;
    const headerSecret = `tika_planted${marker}${'Q'.repeat(31)}`;
    // Request ids of the requests that go through the API's ops wrapper, which writes one log line each.
    const requestIds: string[] = [];
    const rid = (logged = true) => {
      const id = `seclog-${randomUUID()}`;
      if (logged) requestIds.push(id);
      return { 'x-request-id': id };
    };

    // Sign-up and sign-in with the planted password; a wrong one too (a failing request).
    const account = await signUp({ password, name: 'Log Target' });
    const signIn = await send(`${appUrl}/api/auth/sign-in/email`, {
      origin: publicUrl,
      body: { email: account.email, password },
      headers: rid(),
    });
    expect(signIn.status).toBe(200);
    const session = cookieHeader(signIn.setCookies);
    const sessionToken = decodeURIComponent(
      signIn.setCookies
        .find((c) => c.includes('session_token='))!
        .split(';')[0]!
        .split('=')[1]!,
    ).split('.')[0]!;
    await send(`${replicaUrl}/api/auth/sign-in/email`, {
      origin: replicaUrl,
      body: { email: account.email, password: `${password}-wrong` },
      headers: rid(),
    });
    await send(`${appUrl}/api/auth/sign-up/email`, {
      origin: publicUrl,
      body: { email: account.email, password, name: 'dup' },
      headers: rid(),
    });

    // An API token and an invitation token, used and misused.
    const call = api(account);
    const token = (await call('POST', '/tokens', { name: 'log-test', role: 'admin' })).body.token as string;
    const invitation = (await call('POST', '/invitations', { role: 'viewer' })).body.token as string;
    await send(`${appUrl}/api/v1/boards`, { token, headers: rid() });
    await send(`${appUrl}/api/v1/boards`, { token: headerSecret, headers: rid() });
    await send(`${appUrl}/api/v1/boards`, {
      headers: { ...rid(), authorization: `Basic ${Buffer.from(`user:${password}`).toString('base64')}` },
    });
    await send(`${appUrl}/api/v1/boards`, { headers: { ...rid(), authorization: `Bearer ${headerSecret} extra` } });
    const invitee = await signUp();
    await send(`${appUrl}/api/v1/invitations/accept`, {
      origin: publicUrl,
      cookie: invitee.cookie,
      body: { token: `${invitation}x` },
      headers: rid(),
    });
    await send(`${appUrl}/api/v1/invitations/accept`, {
      origin: publicUrl,
      cookie: invitee.cookie,
      body: { token: invitation },
      headers: rid(),
    });
    await send(`${appUrl}/api/v1/invitations/accept`, {
      origin: publicUrl,
      cookie: invitee.cookie,
      body: { token: invitation },
      headers: rid(),
    }); // used twice → 409

    // Secrets in bodies and query strings of failing requests: invalid JSON, a 422, a 415, a 404, a 403, a CSRF refusal.
    await send(`${appUrl}/api/v1/boards`, {
      origin: publicUrl,
      cookie: session,
      body: `{"name": "${bodySecret}", "password": "${password}"`,
      headers: { ...rid(), 'content-type': 'application/json' },
    });
    await send(`${appUrl}/api/v1/boards`, {
      origin: publicUrl,
      cookie: session,
      body: { name: '', password, secret: bodySecret },
      headers: rid(),
    });
    await send(`${appUrl}/api/v1/boards`, {
      origin: publicUrl,
      cookie: session,
      body: `password=${password}&secret=${bodySecret}`,
      headers: { ...rid(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    await send(`${appUrl}/api/v1/tickets?q=${querySecret}&token=${token}&password=${encodeURIComponent(password)}`, {
      cookie: session,
      headers: rid(),
    });
    await send(`${appUrl}/api/v1/no-such-route?token=${token}&secret=${querySecret}`, {
      cookie: session,
      headers: rid(false),
    });
    await send(`${appUrl}/no-such-page?password=${encodeURIComponent(password)}&token=${token}`, {
      cookie: session,
      headers: rid(false),
    });
    await send(`${appUrl}/api/v1/boards?secret=${querySecret}`, {
      method: 'POST',
      origin: 'https://evil.example',
      cookie: session,
      body: { name: bodySecret },
      headers: rid(),
    });
    await send(`${appUrl}/api/metrics`, { token: `${headerSecret}`, headers: rid(false) });
    // A server error carrying all of it at once (the diagnostics route is GET only).
    const failure = await send(
      `${appUrl}/api/diagnostics/error?token=${token}&password=${encodeURIComponent(password)}&secret=${querySecret}`,
      {
        cookie: session,
        token,
        headers: { ...rid(), 'x-api-key': headerSecret },
      },
    );
    expect(failure.status).toBe(500);
    // A board page rendered for the signed-in user (SSR path) with secrets in the URL.
    await send(`${publicUrl}/w/${account.slug}?token=${token}&password=${encodeURIComponent(password)}`, {
      cookie: session,
      headers: rid(false),
    });
    // Sign out (a cookie-carrying auth request).
    await send(`${appUrl}/api/auth/sign-out`, { origin: publicUrl, cookie: session, body: {}, headers: rid() });

    // Let the log lines flush.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const output = readFileSync(logFile, 'utf8');
    const lines = output.split('\n').filter(Boolean);
    add('logLines', lines.length);
    // The journey was logged (so an empty or broken log cannot pass): most of its request ids are there.
    const logged = requestIds.filter((id) => output.includes(id));
    expect(
      requestIds.filter((id) => !logged.includes(id)),
      'API requests without a log line',
    ).toEqual([]);
    expect(output).toMatch(/"msg":"unhandled error"/);
    check(2);

    const planted: Record<string, string> = {
      password,
      'password (url-encoded)': encodeURIComponent(password),
      'API token': token,
      'API token secret part': token.slice(12),
      'fake bearer token': headerSecret,
      'invitation token': invitation,
      'invitation token secret part': invitation.slice(12),
      'session token': sessionToken,
      'session cookie header': session,
      'body secret': bodySecret,
      'query secret': querySecret,
      'basic auth': Buffer.from(`user:${password}`).toString('base64'),
      BETTER_AUTH_SECRET: plantedEnv.BETTER_AUTH_SECRET!,
      METRICS_TOKEN: plantedEnv.METRICS_TOKEN!,
      'DATABASE_URL password': `:${plantedEnv.DATABASE_PASSWORD}@`,
      'DATABASE_AUTH_URL password': `:${plantedEnv.DATABASE_AUTH_PASSWORD}@`,
      'invitee session': invitee.cookie.split(';')[0]!.split('=')[1]!.split('.')[0]!,
    };
    const leaks = Object.entries(planted)
      .filter(([, value]) => output.includes(value))
      .map(([name]) => {
        const line = lines.find((l) => l.includes(planted[name]!))!;
        return `${name}: ${line.slice(0, 300)}`;
      });
    add('plantedSecrets', Object.keys(planted).length);
    expect(leaks).toEqual([]);
    check(Object.keys(planted).length);
  });
});
