import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetAuth } from '../../src/server/auth/auth';
import { resetEnv } from '../../src/server/env';
import { drainMailOutbox } from '../../src/server/mail';
import { api, as, signUp as signUpOwner } from '../support/api';
import { authCall, authSignUp, mergeCookies, tokenFrom } from '../support/auth-http';
import { warmUp } from '../support/fixtures';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver';

// The account lifecycle by mail, end to end: better-auth's endpoints behind Tika's auth route, the mail queue,
// a real SMTP server receiving each message, and the link in the received mail followed as a user would.

let smtp: SmtpReceiver;
const saved = { ...process.env };

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  process.env.SMTP_URL = smtp.url;
  resetEnv();
  resetAuth();
  await warmUp();
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnv();
  resetAuth();
  await smtp.close();
});

const password = 'correct horse battery';
const newAddress = () => `${randomUUID()}@example.test`;

/** Delivers the queue, then waits for the mail to `to` whose subject matches. */
async function mailTo(to: string, subject: RegExp) {
  await drainMailOutbox();
  return smtp.waitFor((m) => m.to.includes(to.toLowerCase()) && subject.test(m.subject));
}

async function signUp(email = newAddress()) {
  const reply = await authSignUp({ email, password, name: 'Mail User' });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return { email, cookie: reply.cookie };
}

const session = async (cookie: string) => (await authCall('GET', '/get-session', { cookie })).body;
/**
 * Whether the session behind a cookie still exists, asked of the database: requests trust the signed cookie
 * cache for up to 30 s (auth.ts), so a revoked session is refused by the database at once and by every
 * request within 30 s — both are checked.
 */
async function revoked(cookie: string) {
  expect((await authCall('GET', '/get-session?disableCookieCache=true', { cookie })).body).toBeNull();
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(Date.now() + 31_000);
    expect((await authCall('GET', '/get-session', { cookie })).body).toBeNull();
  } finally {
    vi.useRealTimers();
  }
}
const auditActions = async (cookie: string, action: string) =>
  (await api({ cookie }, 'GET', `/audit-log?action=${action}`)).body.data as { actorId: string }[];

describe('email verification', () => {
  it('mails a link on sign-up; following it verifies the address, once, and is audited', async () => {
    const { email, cookie } = await signUp();
    expect((await session(cookie)).user.emailVerified).toBe(false);
    const mail = await mailTo(email, /Confirm your email address/);
    expect(mail.html).toContain('Confirm my email address');
    const token = tokenFrom(mail.links, '/verify-email');
    expect(mail.links[0]).toBe(`http://localhost:3000/verify-email?token=${token}`);

    const verified = await authCall('GET', `/verify-email?token=${token}`, { cookie });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    const signedIn = mergeCookies(cookie, verified.cookie);
    expect((await session(signedIn)).user.emailVerified).toBe(true);
    expect(await auditActions(signedIn, 'VERIFY_EMAIL')).toHaveLength(1);

    // Following the same link again changes nothing and records nothing.
    expect((await authCall('GET', `/verify-email?token=${token}`)).status).toBe(200);
    expect(await auditActions(signedIn, 'VERIFY_EMAIL')).toHaveLength(1);
  });

  it('refuses a forged, a tampered and an expired link, and the address stays unverified', async () => {
    const { email, cookie } = await signUp();
    const token = tokenFrom((await mailTo(email, /Confirm your email/)).links, '/verify-email');
    const [head, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const otherPayload = Buffer.from(JSON.stringify({ ...claims, email: 'someone@else.test' })).toString('base64url');
    for (const bad of ['not-a-token', `${head}.${otherPayload}.${token.split('.')[2]}`, `${token.slice(0, -3)}abc`]) {
      const reply = await authCall('GET', `/verify-email?token=${encodeURIComponent(bad)}`);
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('INVALID_TOKEN');
    }
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 25 * 3600 * 1000);
      const expired = await authCall('GET', `/verify-email?token=${token}`);
      expect(expired.status).toBe(400);
      expect(expired.body.code).toBe('INVALID_TOKEN');
    } finally {
      vi.useRealTimers();
    }
    expect((await session(cookie)).user.emailVerified).toBe(false);
  });

  it('sends a fresh link on request, and answers an unknown address the same way', async () => {
    const { email, cookie } = await signUp();
    await mailTo(email, /Confirm your email/);
    const before = smtp.mails.length;
    const again = await authCall('POST', '/send-verification-email', { body: { email }, cookie });
    expect(again.status).toBe(200);
    await mailTo(email, /Confirm your email/);
    expect(smtp.mails.length).toBe(before + 1);
    const unknown = await authCall('POST', '/send-verification-email', { body: { email: newAddress() } });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual(again.body);
  });
});

describe('password reset', () => {
  it('mails a single-use link; the new password works, the old one and every session do not', async () => {
    const { email, cookie } = await signUp();
    const request = await authCall('POST', '/request-password-reset', { body: { email } });
    expect(request.status).toBe(200);
    const mail = await mailTo(email, /Reset your Tika password/);
    const token = tokenFrom(mail.links, '/reset-password');

    const reset = await authCall('POST', '/reset-password', { body: { token, newPassword: 'a brand new password' } });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    await revoked(cookie);
    expect((await authCall('POST', '/sign-in/email', { body: { email, password } })).status).toBe(401);
    const signIn = await authCall('POST', '/sign-in/email', { body: { email, password: 'a brand new password' } });
    expect(signIn.status).toBe(200);
    await mailTo(email, /password was changed/);
    expect(await auditActions(signIn.cookie, 'RESET_PASSWORD')).toHaveLength(1);

    // Used: refused, and the password stays the one it was set to.
    const replay = await authCall('POST', '/reset-password', { body: { token, newPassword: 'an attacker password' } });
    expect(replay.status).toBe(400);
    expect(replay.body.code).toBe('INVALID_TOKEN');
    expect(
      (await authCall('POST', '/sign-in/email', { body: { email, password: 'an attacker password' } })).status,
    ).toBe(401);
  });

  it('answers an unknown address exactly like a known one, and mails nobody', async () => {
    const { email } = await signUp();
    const known = await authCall('POST', '/request-password-reset', { body: { email } });
    const unknownAddress = newAddress();
    const unknown = await authCall('POST', '/request-password-reset', { body: { email: unknownAddress } });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    await drainMailOutbox();
    expect(smtp.mails.some((m) => m.to.includes(unknownAddress))).toBe(false);
  });

  it('refuses an expired and a forged token, and nothing changes', async () => {
    const { email } = await signUp();
    await authCall('POST', '/request-password-reset', { body: { email } });
    const token = tokenFrom((await mailTo(email, /Reset your Tika password/)).links, '/reset-password');
    const forged = await authCall('POST', '/reset-password', {
      body: { token: `${token.slice(0, -4)}zzzz`, newPassword: 'forged password here' },
    });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('INVALID_TOKEN');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61 * 60 * 1000);
      const expired = await authCall('POST', '/reset-password', { body: { token, newPassword: 'too late password' } });
      expect(expired.status).toBe(400);
      expect(expired.body.code).toBe('INVALID_TOKEN');
    } finally {
      vi.useRealTimers();
    }
    expect((await authCall('POST', '/sign-in/email', { body: { email, password } })).status).toBe(200);
  });

  it('limits reset mails per address, whether or not the address has an account', async () => {
    process.env.RATE_LIMIT_MAIL = '2/1h';
    resetEnv();
    try {
      for (const email of [(await signUp()).email, newAddress()]) {
        const statuses = [];
        for (let i = 0; i < 3; i++)
          statuses.push(
            (await authCall('POST', '/request-password-reset', { body: { email }, ip: `192.0.2.${i}` })).status,
          );
        expect(statuses).toEqual([200, 200, 429]);
      }
    } finally {
      delete process.env.RATE_LIMIT_MAIL;
      resetEnv();
    }
  });

  it('says so, as problem+json, when this server has no mail', async () => {
    process.env.MAIL_TRANSPORT = 'off';
    resetEnv();
    try {
      const reply = await authCall('POST', '/request-password-reset', { body: { email: newAddress() } });
      expect(reply.status).toBe(503);
      expect(reply.headers.get('content-type')).toBe('application/problem+json');
      expect(reply.body.code).toBe('MAIL_NOT_CONFIGURED');
    } finally {
      delete process.env.MAIL_TRANSPORT;
      resetEnv();
    }
  });
});

describe('email change', () => {
  it('confirms the new address by mail, tells the old one, and changes only when the link is followed', async () => {
    const { email, cookie } = await signUp();
    const target = newAddress();
    const asked = await authCall('POST', '/change-email', { body: { newEmail: target }, cookie });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const confirm = await mailTo(target, /Confirm your new email address/);
    const notice = await mailTo(email, /email address is being changed/);
    expect(notice.text).toContain(target);
    expect((await session(cookie)).user.email).toBe(email);

    const token = tokenFrom(confirm.links, '/verify-email');
    const followed = await authCall('GET', `/verify-email?token=${token}`, { cookie });
    expect(followed.status, JSON.stringify(followed.body)).toBe(200);
    const signIn = await authCall('POST', '/sign-in/email', { body: { email: target, password } });
    expect(signIn.status).toBe(200);
    expect((await authCall('POST', '/sign-in/email', { body: { email, password } })).status).toBe(401);
    expect(await auditActions(signIn.cookie, 'CHANGE_EMAIL')).toHaveLength(1);
    // The link is spent: the account's address is no longer the one it was issued for.
    expect((await authCall('GET', `/verify-email?token=${token}`)).body.code).toBe('INVALID_TOKEN');
  });

  it('answers the same for an address that belongs to someone else, and mails nobody', async () => {
    const { cookie } = await signUp();
    const taken = (await signUp()).email;
    await mailTo(taken, /Confirm your email/);
    const before = smtp.mails.filter((m) => m.to.includes(taken)).length;
    const reply = await authCall('POST', '/change-email', { body: { newEmail: taken }, cookie });
    expect(reply.status).toBe(200);
    await drainMailOutbox();
    expect(smtp.mails.filter((m) => m.to.includes(taken)).length).toBe(before);
  });
});

describe('password change', () => {
  it('ends every other session, keeps this one, mails a notice and is audited', async () => {
    const { email, cookie } = await signUp();
    const other = (await authCall('POST', '/sign-in/email', { body: { email, password } })).cookie;
    const changed = await authCall('POST', '/change-password', {
      body: { currentPassword: password, newPassword: 'another long password', revokeOtherSessions: false },
      cookie,
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const current = mergeCookies(cookie, changed.cookie);
    expect(await session(current)).not.toBeNull();
    await revoked(other);
    await mailTo(email, /password was changed/);
    expect(await auditActions(current, 'CHANGE_PASSWORD')).toHaveLength(1);
  });
});

describe('sign-up with a registered address, by default (AUTH_REQUIRE_EMAIL_VERIFICATION off)', () => {
  it('answers exactly like a new address, opens no session, changes nothing, and mails the owner', async () => {
    const { email } = await signUp();
    const fresh = await authCall('POST', '/sign-up/email', { body: { email: newAddress(), password, name: 'New' } });
    const intruder = 'someone elses password';
    const again = await authCall('POST', '/sign-up/email', { body: { email, password: intruder, name: 'Intruder' } });
    for (const reply of [fresh, again]) {
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body).toEqual({ status: 'ok', emailVerificationRequired: false });
      expect(reply.cookie).toBe('');
    }
    const notice = await mailTo(email, /tried to sign up to Tika with your email address/);
    expect(notice.links).toContain('http://localhost:3000/forgot-password');
    // The account keeps its own password.
    expect((await authCall('POST', '/sign-in/email', { body: { email, password: intruder } })).status).toBe(401);
    expect((await authCall('POST', '/sign-in/email', { body: { email, password } })).status).toBe(200);
  });
});

describe('with AUTH_REQUIRE_EMAIL_VERIFICATION=on', () => {
  beforeEach(() => {
    process.env.AUTH_REQUIRE_EMAIL_VERIFICATION = 'on';
    resetEnv();
    resetAuth();
  });
  afterEach(() => {
    delete process.env.AUTH_REQUIRE_EMAIL_VERIFICATION;
    resetEnv();
    resetAuth();
  });

  it('an unverified address cannot sign in until the mailed link is followed', async () => {
    const email = newAddress();
    const signUpReply = await authCall('POST', '/sign-up/email', { body: { email, password, name: 'Strict' } });
    expect(signUpReply.status).toBe(200);
    expect(signUpReply.body).toEqual({ status: 'ok', emailVerificationRequired: true });
    expect(signUpReply.cookie).not.toMatch(/session_token=/);
    const refused = await authCall('POST', '/sign-in/email', { body: { email, password } });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('EMAIL_NOT_VERIFIED');
    const token = tokenFrom((await mailTo(email, /Confirm your email/)).links, '/verify-email');
    expect((await authCall('GET', `/verify-email?token=${token}`)).status).toBe(200);
    expect((await authCall('POST', '/sign-in/email', { body: { email, password } })).status).toBe(200);
  });

  it('a sign-up with a registered address answers like a new one and mails the owner instead', async () => {
    const email = newAddress();
    const first = await authCall('POST', '/sign-up/email', { body: { email, password, name: 'Owner' } });
    const second = await authCall('POST', '/sign-up/email', {
      body: { email, password: 'someone elses password', name: 'Intruder' },
    });
    expect(second.status).toBe(first.status);
    const notice = await mailTo(email, /tried to sign up to Tika with your email address/);
    expect(notice.links).toContain('http://localhost:3000/forgot-password');
  });
});

describe('invitation mail', () => {
  it('mails a bound invitation; the invitee signs up from the mail, verifies the address and accepts', async () => {
    const owner = await signUpOwner('Inviting Owner');
    const invitee = newAddress();
    const created = await api(as(owner), 'POST', '/invitations', { email: invitee, role: 'member' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.emailSent).toBe(true);
    const invitation = await mailTo(invitee, /invited you to .* on Tika/);
    expect(invitation.text).toContain('as member');
    expect(invitation.links).toContain(created.body.url);
    const token = new URL(created.body.url).pathname.split('/').pop()!;

    const { cookie } = await signUp(invitee);
    const verify = tokenFrom((await mailTo(invitee, /Confirm your email/)).links, '/verify-email');
    const verified = mergeCookies(cookie, (await authCall('GET', `/verify-email?token=${verify}`, { cookie })).cookie);
    const accepted = await api({ cookie: verified }, 'POST', '/invitations/accept', { token });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.role).toBe('member');
  });

  it('mails nothing for a link invitation (no address), and says so', async () => {
    const owner = await signUpOwner('Link Owner');
    const created = await api(as(owner), 'POST', '/invitations', { role: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.body.emailSent).toBe(false);
  });
});
