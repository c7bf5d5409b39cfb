import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { send, signUp, stack, type Reply, type Send } from '../support/security-client';
import { securityCounts } from '../support/security-results';

// Finding 6 of the outside attack (issue #12), second half, and the board issue's bug 8: every error under
// /api/auth/* is problem+json like the rest of the API — a status, a stable code of our own (never the auth
// library's internal one, which changes between versions and named USER_ALREADY_EXISTS…), a detail, and the
// request id that is also in the x-request-id header. Before the fix the auth library answered
// {message, code} (and an empty body for unknown paths).

const { check, add } = securityCounts('auth-errors');

function auth(path: string, options: Send = {}): Promise<Reply> {
  const { appUrl, publicUrl } = stack();
  return send(`${appUrl}/api/auth${path}`, { origin: publicUrl, ...options });
}

function expectAuthProblem(reply: Reply, status: number, code: string, what: string) {
  add('authErrorsChecked');
  const problems: string[] = [];
  if (reply.status !== status) problems.push(`status ${reply.status} ≠ ${status}`);
  if (!String(reply.headers['content-type']).startsWith('application/problem+json'))
    problems.push(`content-type ${reply.headers['content-type']}`);
  if (reply.body?.code !== code) problems.push(`code ${reply.body?.code} ≠ ${code}`);
  if (reply.body?.status !== status) problems.push(`body.status ${reply.body?.status}`);
  if (typeof reply.body?.title !== 'string' || typeof reply.body?.detail !== 'string') problems.push('no title/detail');
  if (typeof reply.body?.requestId !== 'string' || reply.body.requestId !== reply.headers['x-request-id'])
    problems.push(`requestId ${reply.body?.requestId} vs header ${reply.headers['x-request-id']}`);
  if ('message' in (reply.body ?? {})) problems.push('the auth library’s own {message} body leaked through');
  if (problems.length) throw new Error(`${what}: ${problems.join('; ')}: ${reply.text.slice(0, 300)}`);
}

describe('every /api/auth error is problem+json with a stable code and a request id', () => {
  it('sign-in, sign-up and the other auth endpoints', async () => {
    const account = await signUp();
    const cases: [string, Promise<Reply>, number, string][] = [
      [
        'sign-in, wrong password',
        auth('/sign-in/email', { body: { email: account.email, password: 'wrong-password-123' } }),
        401,
        'INVALID_CREDENTIALS',
      ],
      [
        'sign-in, unknown account',
        auth('/sign-in/email', { body: { email: `nobody-${randomUUID()}@example.test`, password: 'whatever-123' } }),
        401,
        'INVALID_CREDENTIALS',
      ],
      [
        'sign-up, password too short',
        auth('/sign-up/email', { body: { email: `x-${randomUUID()}@example.test`, password: 'short', name: 'X' } }),
        422,
        'VALIDATION_FAILED',
      ],
      [
        'sign-up, password too long',
        auth('/sign-up/email', {
          body: { email: `x-${randomUUID()}@example.test`, password: 'p'.repeat(200), name: 'X' },
        }),
        422,
        'VALIDATION_FAILED',
      ],
      [
        'sign-up, not an email',
        auth('/sign-up/email', { body: { email: 'not-an-email', password: 'password-123', name: 'X' } }),
        422,
        'VALIDATION_FAILED',
      ],
      [
        'sign-up, fields missing',
        auth('/sign-up/email', { body: { email: `x-${randomUUID()}@example.test` } }),
        422,
        'VALIDATION_FAILED',
      ],
      [
        'sign-up, broken JSON',
        auth('/sign-up/email', { body: '{"email":', headers: { 'content-type': 'application/json' } }),
        400,
        'BAD_REQUEST',
      ],
      [
        'change-password without a session',
        auth('/change-password', { body: { currentPassword: 'x', newPassword: 'y'.repeat(12) } }),
        401,
        'UNAUTHENTICATED',
      ],
      [
        'change-password, wrong current password',
        auth('/change-password', {
          cookie: account.cookie,
          body: { currentPassword: 'not-my-password', newPassword: 'y'.repeat(12) },
        }),
        422,
        'VALIDATION_FAILED',
      ],
      [
        'reset-password with a bogus token',
        auth('/reset-password', { body: { token: 'bogus', newPassword: 'y'.repeat(12) } }),
        400,
        'INVALID_TOKEN',
      ],
      ['verify-email with a bogus token', auth('/verify-email?token=bogus'), 400, 'INVALID_TOKEN'],
      ['an unknown auth path', auth('/no-such-thing', { body: {} }), 404, 'NOT_FOUND'],
      ['GET on a POST-only auth path', auth('/sign-in/email'), 405, 'METHOD_NOT_ALLOWED'],
    ];
    for (const [what, pending, status, code] of cases) expectAuthProblem(await pending, status, code, what);
    check(cases.length);
  });

  it('validation problems name the fields, as /api/v1 does', async () => {
    const reply = await auth('/sign-up/email', {
      body: { email: 'not-an-email', password: 'short', name: 'X' },
    });
    expectAuthProblem(reply, 422, 'VALIDATION_FAILED', 'sign-up with two bad fields');
    const paths = (reply.body.errors ?? []).map((e: { path: string }) => e.path);
    expect(paths).toContain('body.email');
    check();
  });

  it('a rate-limited or cross-origin auth request is problem+json too (unchanged)', async () => {
    const { appUrl } = stack();
    const crossOrigin = await send(`${appUrl}/api/auth/sign-in/email`, {
      origin: 'https://evil.example',
      body: { email: 'a@example.test', password: 'x' },
    });
    expectAuthProblem(crossOrigin, 403, 'CROSS_ORIGIN_REJECTED', 'cross-origin sign-in');
    check();
  });
});
