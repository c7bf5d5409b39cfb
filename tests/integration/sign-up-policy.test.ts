import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getAuth } from '../../src/api/auth';
import { firstAccountId } from '../../src/server/db/instance-admin';
import { parseEnv, resetEnv } from '../../src/server/env';
import { api, as, signUp, verifyEmail } from '../support/api';
import { authCall, authSignUp } from '../support/auth-http';
import { ok, warmUp } from '../support/fixtures';

// Instance administration: TIKA_SIGN_UP=closed and TIKA_SIGN_UP_DOMAINS, through the real auth route (CSRF,
// limits, problem+json) into better-auth; invitations still let their holder in; /me says who the instance admin is.

beforeAll(warmUp);

function configure(settings: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(settings))
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  resetEnv();
}

afterEach(() => configure({ TIKA_SIGN_UP: undefined, TIKA_SIGN_UP_DOMAINS: undefined, TIKA_ADMIN_EMAILS: undefined }));

let ip = 0;
/**
 * A sign-up as the sign-up page sends it, then its sign-in (sign-up opens no session), each from its own client
 * address, clear of the per-IP limit. A refused sign-up's reply, or the sign-in's.
 */
const signUpCall = (email: string, invitation?: string) =>
  authSignUp(
    { email, password: 'correct horse battery', name: 'New Person' },
    { ip: `198.51.100.${++ip}`, headers: invitation ? { 'x-tika-invitation': invitation } : {} },
  );

const accountExists = async (email: string) =>
  Boolean(await (await getAuth()).$context.then((c) => c.internalAdapter.findUserByEmail(email)));

function expectRefusal(reply: Awaited<ReturnType<typeof signUpCall>>, code: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(403);
  expect(reply.headers.get('content-type')).toBe('application/problem+json');
  expect(reply.body).toMatchObject({ status: 403, code, detail: expect.any(String), requestId: expect.any(String) });
  expect(reply.cookie).not.toMatch(/session_token=[^;]/);
}

describe('closed sign-up', () => {
  it('lets the first account of an empty instance in (it becomes the instance admin), and nobody after it', async () => {
    configure({ TIKA_SIGN_UP: 'closed' });
    const empty = (await firstAccountId()) === null;
    const first = `${randomUUID()}@example.test`;
    const reply = await signUpCall(first);
    if (empty) {
      // The embedded suite starts on an empty database: whoever signs up first runs the instance.
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      const me = ok(await api({ cookie: reply.cookie }, 'GET', '/me'));
      expect(me.body.user.instanceAdmin).toBe(true);
    } else expectRefusal(reply, 'SIGN_UP_CLOSED'); // a shared PostgreSQL database has accounts already
    const second = `${randomUUID()}@example.test`;
    expectRefusal(await signUpCall(second), 'SIGN_UP_CLOSED');
    expect(await accountExists(second)).toBe(false);
  });

  it('refuses a new address and an existing one alike (nothing about which are registered), and creates nothing', async () => {
    const existing = await signUp('Existing');
    configure({ TIKA_SIGN_UP: 'closed' });
    const stranger = `${randomUUID()}@example.test`;
    const forNew = await signUpCall(stranger);
    const forExisting = await signUpCall(existing.email);
    expectRefusal(forNew, 'SIGN_UP_CLOSED');
    expectRefusal(forExisting, 'SIGN_UP_CLOSED');
    expect(forExisting.body.detail).toBe(forNew.body.detail);
    expect(forNew.body.detail).toMatch(/invitation/);
    expect(await accountExists(stranger)).toBe(false);
    // A missing or malformed body is refused the same way, before the auth library reads it.
    expectRefusal(
      await authCall('POST', '/sign-up/email', { body: { password: 'x' }, ip: '198.51.100.250' }),
      'SIGN_UP_CLOSED',
    );
  });

  it('still takes an invitation: a link for anyone, or one bound to this address; not a used, revoked or foreign one', async () => {
    const owner = await signUp('Owner');
    const link = ok(await api(as(owner), 'POST', '/invitations', { role: 'member' }), 201).body;
    const boundTo = `${randomUUID()}@example.test`;
    const bound = ok(await api(as(owner), 'POST', '/invitations', { role: 'viewer', email: boundTo }), 201).body;
    const revoked = ok(await api(as(owner), 'POST', '/invitations', { role: 'member' }), 201).body;
    ok(await api(as(owner), 'POST', `/invitations/${revoked.id}/revoke`));
    configure({ TIKA_SIGN_UP: 'closed' });

    // Someone else's address with the bound invitation, a revoked link, a made-up token: refused, nothing created.
    const other = `${randomUUID()}@example.test`;
    expectRefusal(await signUpCall(other, bound.token), 'SIGN_UP_CLOSED');
    expectRefusal(await signUpCall(other, revoked.token), 'SIGN_UP_CLOSED');
    expectRefusal(await signUpCall(other, `tinv_${'A'.repeat(43)}`), 'SIGN_UP_CLOSED');
    expectRefusal(await signUpCall(other, 'not-a-token'), 'SIGN_UP_CLOSED');
    expect(await accountExists(other)).toBe(false);

    // The invitation's own address (in any case) signs up and joins with the invitation's role.
    const invitee = await signUpCall(boundTo.toUpperCase(), bound.token);
    expect(invitee.status, JSON.stringify(invitee.body)).toBe(200);
    // A bound invitation is accepted once the address is proved (as the mailed link does).
    await verifyEmail({ id: ok(await api({ cookie: invitee.cookie }, 'GET', '/me')).body.user.id });
    const joined = ok(await api({ cookie: invitee.cookie }, 'POST', '/invitations/accept', { token: bound.token }));
    expect(joined.body).toMatchObject({ role: 'viewer', workspace: { id: owner.workspaceId } });

    // An unbound link lets whoever holds it sign up, once: accepted, it no longer opens the door.
    const holder = `${randomUUID()}@example.test`;
    const viaLink = await signUpCall(holder, link.token);
    expect(viaLink.status, JSON.stringify(viaLink.body)).toBe(200);
    ok(await api({ cookie: viaLink.cookie }, 'POST', '/invitations/accept', { token: link.token }));
    expectRefusal(await signUpCall(`${randomUUID()}@example.test`, link.token), 'SIGN_UP_CLOSED');
  });

  it('always lets the addresses of TIKA_ADMIN_EMAILS in', async () => {
    const admin = `boss-${randomUUID()}@example.test`;
    configure({ TIKA_SIGN_UP: 'closed', TIKA_ADMIN_EMAILS: `someone@example.test,${admin.toUpperCase()}` });
    const reply = await signUpCall(admin);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(ok(await api({ cookie: reply.cookie }, 'GET', '/me')).body.user.instanceAdmin).toBe(true);
    expectRefusal(await signUpCall(`${randomUUID()}@example.test`), 'SIGN_UP_CLOSED');
  });
});

describe('sign-up limited to domains', () => {
  it('takes addresses at the listed domains (any case), refuses others with the field named', async () => {
    configure({ TIKA_SIGN_UP_DOMAINS: 'corp.example, Partner.Example' });
    const inside = await signUpCall(`${randomUUID()}@CORP.example`);
    expect(inside.status, JSON.stringify(inside.body)).toBe(200);
    expect((await signUpCall(`${randomUUID()}@partner.example`)).status).toBe(200);
    for (const email of [`${randomUUID()}@other.example`, `${randomUUID()}@sub.corp.example`, `x@corp.example.evil`]) {
      const refused = await signUpCall(email);
      expectRefusal(refused, 'SIGN_UP_DOMAIN_NOT_ALLOWED');
      expect(refused.body.detail).toContain('corp.example, partner.example');
      expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'body.email' })]);
      expect(await accountExists(email)).toBe(false);
    }
  });

  it('lets an invitation in from another domain', async () => {
    const owner = await signUp('Owner');
    const outsider = `${randomUUID()}@freelance.example`;
    const invitation = ok(await api(as(owner), 'POST', '/invitations', { role: 'member', email: outsider }), 201).body;
    configure({ TIKA_SIGN_UP_DOMAINS: 'corp.example' });
    expectRefusal(await signUpCall(outsider), 'SIGN_UP_DOMAIN_NOT_ALLOWED');
    expect((await signUpCall(outsider, invitation.token)).status).toBe(200);
  });
});

describe('/me', () => {
  it('says whether the user runs the instance', async () => {
    const admin = await signUp('Admin');
    const member = await signUp('Member');
    configure({ TIKA_ADMIN_EMAILS: admin.email });
    expect(ok(await api({ cookie: admin.cookie }, 'GET', '/me')).body.user.instanceAdmin).toBe(true);
    expect(ok(await api({ cookie: member.cookie }, 'GET', '/me')).body.user.instanceAdmin).toBe(false);
  });
});

describe('settings', () => {
  it('refuses an unknown sign-up rule and a domain list that is not one, naming the variable', () => {
    expect(() => parseEnv({ TIKA_SIGN_UP: 'invite-only' })).toThrow(/TIKA_SIGN_UP:/);
    expect(() => parseEnv({ TIKA_SIGN_UP_DOMAINS: 'corp.example, @gmail.com' })).toThrow(/TIKA_SIGN_UP_DOMAINS:/);
    expect(parseEnv({ TIKA_SIGN_UP: 'closed' }).TIKA_SIGN_UP).toBe('closed');
    expect(parseEnv({ TIKA_SIGN_UP_DOMAINS: 'Corp.Example,b.example' }).signUpDomains).toEqual([
      'corp.example',
      'b.example',
    ]);
    expect(parseEnv({}).TIKA_SIGN_UP).toBe('open');
  });
});
