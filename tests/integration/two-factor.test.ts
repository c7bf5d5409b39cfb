import { randomInt, randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetEnv } from '../../src/server/env';
import { api } from '../support/api';
import { awayFromWindowEdge } from '../support/rate-window';
import { authCall, authSignUp, mergeCookies } from '../support/auth-http';
import { warmUp } from '../support/fixtures';
import { totpCode, wrongCode } from '../support/totp';

// Two-factor authentication end to end through Tika's auth route into better-auth's two-factor plugin: the codes
// come from an RFC 6238 implementation of the test's own (tests/support/totp.ts), as an authenticator app would
// compute them from the otpauth:// URI Tika hands out.

beforeAll(async () => {
  await warmUp();
});
afterEach(() => {
  vi.useRealTimers();
  process.env.RATE_LIMIT_AUTH = '100000/1m';
  resetEnv();
});

const password = 'correct horse battery';
// A fresh client address per call; the per-IP limit of /api/auth has its own test at the end.
const ip = () => `198.51.${randomInt(0, 255)}.${randomInt(1, 254)}`;
type Init = { body?: unknown; cookie?: string };
const call = (method: 'GET' | 'POST', path: string, init: Init = {}) => authCall(method, path, { ...init, ip: ip() });

const session = async (cookie: string) => (await call('GET', '/get-session?disableCookieCache=true', { cookie })).body;
const auditActions = async (cookie: string, action: string) =>
  (await api({ cookie }, 'GET', `/audit-log?action=${action}`)).body.data as { actorId: string }[];

async function signUp() {
  const email = `${randomUUID()}@example.test`;
  const reply = await authSignUp({ email, password, name: 'Two Factor' }, { ip: ip() });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return { email, cookie: reply.cookie };
}

const signIn = (email: string) => call('POST', '/sign-in/email', { body: { email, password } });

/** Signs up and turns on two-factor authentication; returns the authenticator URI and the backup codes. */
async function enrolled() {
  const { email, cookie } = await signUp();
  const enable = await call('POST', '/two-factor/enable', { body: { password }, cookie });
  expect(enable.status, JSON.stringify(enable.body)).toBe(200);
  const { totpURI, backupCodes } = enable.body as { totpURI: string; backupCodes: string[] };
  const confirmed = await call('POST', '/two-factor/verify-totp', { body: { code: totpCode(totpURI) }, cookie });
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  return { email, totpURI, backupCodes, cookie: mergeCookies(cookie, confirmed.cookie) };
}

/** The password step of a sign-in for an enrolled account: no session yet, only the challenge cookie. */
async function passwordStep(email: string) {
  const reply = await signIn(email);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  expect(reply.body).toMatchObject({ twoFactorRedirect: true, twoFactorMethods: ['totp'] });
  expect(reply.cookie).not.toMatch(/session_token=[^;]/);
  expect(await session(reply.cookie)).toBeNull();
  return reply.cookie;
}

describe('enrolment', () => {
  it('needs the password, then a code from the app; it ends the other sessions and is audited', async () => {
    const { email, cookie } = await signUp();
    const elsewhere = (await signIn(email)).cookie;

    const wrongPassword = await call('POST', '/two-factor/enable', { body: { password: 'not it at all' }, cookie });
    expect(wrongPassword.status).toBe(422);
    expect(wrongPassword.body.code).toBe('VALIDATION_FAILED');
    expect(wrongPassword.body.errors[0].path).toBe('body.password');

    const enable = await call('POST', '/two-factor/enable', { body: { password }, cookie });
    expect(enable.status).toBe(200);
    const { totpURI, backupCodes } = enable.body as { totpURI: string; backupCodes: string[] };
    const uri = new URL(totpURI);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('issuer')).toBe('Tika');
    expect(decodeURIComponent(uri.pathname)).toContain(email);
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    // Not on until the app proves it has the secret: a sign-in still needs only the password.
    expect((await session(cookie)).user.twoFactorEnabled).toBe(false);

    const wrong = await call('POST', '/two-factor/verify-totp', { body: { code: wrongCode(totpURI) }, cookie });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_TWO_FACTOR_CODE');
    expect((await session(cookie)).user.twoFactorEnabled).toBe(false);

    const confirmed = await call('POST', '/two-factor/verify-totp', { body: { code: totpCode(totpURI) }, cookie });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const current = mergeCookies(cookie, confirmed.cookie);
    expect((await session(current)).user.twoFactorEnabled).toBe(true);
    expect(await session(elsewhere)).toBeNull();
    expect(await auditActions(current, 'ENABLE_2FA')).toHaveLength(1);

    // Enabling again is refused, and the secret stays the one the app has.
    const again = await call('POST', '/two-factor/enable', { body: { password }, cookie: current });
    expect(again.status).toBe(409);
    const step = await passwordStep(email);
    expect(
      (await call('POST', '/two-factor/verify-totp', { body: { code: totpCode(totpURI) }, cookie: step })).status,
    ).toBe(200);
  });
});

describe('signing in with a second factor', () => {
  it('stops after the password; a wrong code is refused, the right one opens a session', async () => {
    const { email, totpURI } = await enrolled();
    const step = await passwordStep(email);
    const wrong = await call('POST', '/two-factor/verify-totp', { body: { code: wrongCode(totpURI) }, cookie: step });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_TWO_FACTOR_CODE');
    expect(wrong.body.requestId).toEqual(expect.any(String));
    // Nothing changed: still no session, and the challenge still works.
    expect(await session(step)).toBeNull();
    const right = await call('POST', '/two-factor/verify-totp', { body: { code: totpCode(totpURI) }, cookie: step });
    expect(right.status, JSON.stringify(right.body)).toBe(200);
    const signedIn = mergeCookies(step, right.cookie);
    expect((await session(signedIn)).user.email).toBe(email);
    // The challenge is spent: the same cookie cannot open a second session.
    const reuse = await call('POST', '/two-factor/verify-totp', { body: { code: totpCode(totpURI) }, cookie: step });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('TWO_FACTOR_CHALLENGE_EXPIRED');
  });

  it('refuses a code without a challenge, with a forged one, and after the challenge expired', async () => {
    const { email, totpURI } = await enrolled();
    const none = await call('POST', '/two-factor/verify-totp', { body: { code: totpCode(totpURI) } });
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('TWO_FACTOR_CHALLENGE_EXPIRED');
    const step = await passwordStep(email);
    const forged = step.replace(/two_factor=([^;]+)/, (_, value: string) => `two_factor=x${value.slice(1)}`);
    const forgedReply = await call('POST', '/two-factor/verify-totp', {
      body: { code: totpCode(totpURI) },
      cookie: forged,
    });
    expect(forgedReply.status).toBe(401);
    expect(forgedReply.body.code).toBe('TWO_FACTOR_CHALLENGE_EXPIRED');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 11 * 60_000);
    const late = await call('POST', '/two-factor/verify-totp', { body: { code: totpCode(totpURI) }, cookie: step });
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('TWO_FACTOR_CHALLENGE_EXPIRED');
  });

  it('a backup code works once; replaying it is refused', async () => {
    const { email, backupCodes } = await enrolled();
    const first = await passwordStep(email);
    const used = await call('POST', '/two-factor/verify-backup-code', {
      body: { code: backupCodes[0] },
      cookie: first,
    });
    expect(used.status, JSON.stringify(used.body)).toBe(200);
    expect(await session(mergeCookies(first, used.cookie))).not.toBeNull();

    const second = await passwordStep(email);
    const replay = await call('POST', '/two-factor/verify-backup-code', {
      body: { code: backupCodes[0] },
      cookie: second,
    });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('INVALID_TWO_FACTOR_CODE');
    const next = await call('POST', '/two-factor/verify-backup-code', {
      body: { code: backupCodes[1] },
      cookie: second,
    });
    expect(next.status).toBe(200);
  });

  it('five wrong codes lock the second step for 15 minutes, even with the right code', async () => {
    const { email, totpURI } = await enrolled();
    const step = await passwordStep(email);
    for (let i = 0; i < 5; i++) {
      const reply = await call('POST', '/two-factor/verify-totp', { body: { code: wrongCode(totpURI) }, cookie: step });
      expect(reply.status).toBe(401);
    }
    const locked = await call('POST', '/two-factor/verify-totp', { body: { code: totpCode(totpURI) }, cookie: step });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('TWO_FACTOR_LOCKED');
    // A fresh challenge does not get around it.
    const fresh = await passwordStep(email);
    const stillLocked = await call('POST', '/two-factor/verify-totp', {
      body: { code: totpCode(totpURI) },
      cookie: fresh,
    });
    expect(stillLocked.status).toBe(429);
    expect(stillLocked.body.code).toBe('TWO_FACTOR_LOCKED');

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 16 * 60_000);
    const later = await passwordStep(email);
    const unlocked = await call('POST', '/two-factor/verify-totp', {
      body: { code: totpCode(totpURI) },
      cookie: later,
    });
    expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
  });
});

describe('managing the second factor', () => {
  it('new backup codes need the password, void the old ones and end the other sessions', async () => {
    const { email, backupCodes, cookie, totpURI } = await enrolled();
    const step = await passwordStep(email);
    const other = mergeCookies(
      step,
      (await call('POST', '/two-factor/verify-totp', { body: { code: totpCode(totpURI) }, cookie: step })).cookie,
    );
    expect(await session(other)).not.toBeNull();

    const refused = await call('POST', '/two-factor/generate-backup-codes', {
      body: { password: 'wrong one!' },
      cookie,
    });
    expect(refused.status).toBe(422);
    const fresh = await call('POST', '/two-factor/generate-backup-codes', { body: { password }, cookie });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
    const newCodes = fresh.body.backupCodes as string[];
    expect(newCodes).toHaveLength(10);
    expect(newCodes).not.toContain(backupCodes[0]);
    expect(await session(other)).toBeNull();
    expect(await session(cookie)).not.toBeNull();
    expect(await auditActions(cookie, 'REGENERATE_BACKUP_CODES')).toHaveLength(1);

    const next = await passwordStep(email);
    const old = await call('POST', '/two-factor/verify-backup-code', { body: { code: backupCodes[0] }, cookie: next });
    expect(old.status).toBe(401);
    const current = await call('POST', '/two-factor/verify-backup-code', { body: { code: newCodes[0] }, cookie: next });
    expect(current.status).toBe(200);
  });

  it('turning it off needs the password, ends the other sessions, is audited; then the password is enough', async () => {
    const { email, cookie, totpURI } = await enrolled();
    const step = await passwordStep(email);
    const other = mergeCookies(
      step,
      (await call('POST', '/two-factor/verify-totp', { body: { code: totpCode(totpURI) }, cookie: step })).cookie,
    );

    const refused = await call('POST', '/two-factor/disable', { body: { password: 'wrong one!' }, cookie });
    expect(refused.status).toBe(422);
    expect((await session(cookie)).user.twoFactorEnabled).toBe(true);

    const off = await call('POST', '/two-factor/disable', { body: { password }, cookie });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    const current = mergeCookies(cookie, off.cookie);
    expect((await session(current)).user.twoFactorEnabled).toBe(false);
    expect(await session(other)).toBeNull();
    expect(await auditActions(current, 'DISABLE_2FA')).toHaveLength(1);

    const plain = await signIn(email);
    expect(plain.body.twoFactorRedirect).toBeUndefined();
    expect(await session(plain.cookie)).not.toBeNull();
  });
});

describe('limits', () => {
  it('codes are limited per client address (RATE_LIMIT_AUTH): past the limit, 429 problem+json before any check', async () => {
    const { email, totpURI } = await enrolled();
    const step = await passwordStep(email);
    await awayFromWindowEdge();
    process.env.RATE_LIMIT_AUTH = '3/1m';
    resetEnv();
    const from = { ip: '192.0.2.77' };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (
          await authCall('POST', '/two-factor/verify-totp', {
            body: { code: wrongCode(totpURI) },
            cookie: step,
            ...from,
          })
        ).status,
      );
    expect(statuses).toEqual([401, 401, 401]);
    const limited = await authCall('POST', '/two-factor/verify-backup-code', {
      body: { code: 'whatever-it-is' },
      cookie: step,
      ...from,
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The right code from that address is refused too, and from elsewhere it still works (nothing was locked).
    const right = await authCall('POST', '/two-factor/verify-totp', {
      body: { code: totpCode(totpURI) },
      cookie: step,
      ...from,
    });
    expect(right.status).toBe(429);
    process.env.RATE_LIMIT_AUTH = '100000/1m';
    resetEnv();
    const elsewhere = await call('POST', '/two-factor/verify-totp', {
      body: { code: totpCode(totpURI) },
      cookie: step,
    });
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(200);
  });
});
