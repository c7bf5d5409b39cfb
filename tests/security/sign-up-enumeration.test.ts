import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, signUp, stack, type Reply } from '../support/security-client';
import { securityCounts } from '../support/security-results';

// Finding 6 of the outside attack (issue #12), first half: sign-up told whether an account exists (422
// USER_ALREADY_EXISTS…, later 409 CONFLICT, for a registered address; 200 and a session for a new one). Now both
// answer the same — same status, same body apart from the request id, no session for either — and the existing
// account is left exactly as it was. Its owner is mailed instead: this stack has no mail server, so
// tests/integration/account-mail.test.ts checks that mail through a real SMTP receiver.

const { check } = securityCounts('sign-up-enumeration');
let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack().adminDbUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
});

function signUpRaw(email: string, password: string, name = 'Enumerator'): Promise<Reply> {
  const { appUrl, publicUrl } = stack();
  return send(`${appUrl}/api/auth/sign-up/email`, { origin: publicUrl, body: { email, password, name } });
}

/** What an observer can compare: status, content type, cookie names, body without the request id. */
function observable(reply: Reply) {
  const body = reply.body && typeof reply.body === 'object' ? { ...reply.body } : reply.body;
  if (body && typeof body === 'object') delete body.requestId;
  return {
    status: reply.status,
    contentType: reply.headers['content-type'],
    cookies: reply.setCookies.map((c) => c.split('=')[0]).sort(),
    body,
  };
}

describe('sign-up answers a new and an existing address alike', () => {
  it('same status, same body, no session either way; the existing account is untouched', async () => {
    const existing = await signUp({ name: 'Already Here' });
    const before = await db.query(
      `select u.name, u.updated_at, a.password from users u join accounts a on a.user_id = u.id where u.email = $1`,
      [existing.email],
    );

    const fresh = await signUpRaw(`new-${randomUUID()}@example.test`, `pw-${randomUUID()}`);
    const taken = await signUpRaw(existing.email, `pw-${randomUUID()}`, 'Takeover Attempt');
    const takenShouting = await signUpRaw(`  ${existing.email.toUpperCase()}`, `pw-${randomUUID()}`);
    expect(fresh.body).toMatchObject({ status: 'ok', emailVerificationRequired: false });
    expect(observable(taken)).toEqual(observable(fresh));
    expect(observable(takenShouting)).toEqual(observable(fresh));
    expect(fresh.setCookies.join()).not.toMatch(/session_token=/);
    check(2);

    const after = await db.query(
      `select u.name, u.updated_at, a.password from users u join accounts a on a.user_id = u.id where u.email = $1`,
      [existing.email],
    );
    expect(after.rows).toEqual(before.rows);
    expect(
      (await db.query(`select count(*)::int as n from users where lower(email) = lower($1)`, [existing.email])).rows[0]
        .n,
    ).toBe(1);
    // The owner still signs in with their own password.
    const { appUrl, publicUrl } = stack();
    const signIn = await send(`${appUrl}/api/auth/sign-in/email`, {
      origin: publicUrl,
      body: { email: existing.email, password: existing.password },
    });
    expect(signIn.status).toBe(200);
    check(2);
  });

  it('a new account is created unverified and signs in with its password', async () => {
    const email = `new-${randomUUID()}@example.test`;
    const password = `pw-${randomUUID()}`;
    expect((await signUpRaw(email, password)).status).toBe(200);
    const row = await db.query(`select email_verified from users where email = $1`, [email]);
    expect(row.rows).toEqual([{ email_verified: false }]);
    const { appUrl, publicUrl } = stack();
    const signIn = await send(`${appUrl}/api/auth/sign-in/email`, { origin: publicUrl, body: { email, password } });
    expect(signIn.status).toBe(200);
    check();
  });
});
