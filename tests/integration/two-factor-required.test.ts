import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, signUp, type Caller, type TestUser } from '../support/api';
import { authCall, mergeCookies } from '../support/auth-http';
import { auditLog, expectProblem, joinAs, ok, warmUp } from '../support/fixtures';
import { totpCode } from '../support/totp';

// A workspace owner requires two-factor authentication of every member: members without a second factor are
// refused (403 TWO_FACTOR_REQUIRED, problem+json) until they enrol, through the session and through their API
// tokens alike; only an owner who has it may switch the rule on. Codes come from tests/support/totp.ts.

beforeAll(async () => {
  await warmUp();
});

const password = 'correct horse battery';
const ip = () => `198.51.${randomInt(0, 255)}.${randomInt(1, 254)}`;

/** Turns on the user's second factor; returns the user's new session cookie (enrolling ends the old session). */
async function enrol(cookie: string): Promise<string> {
  const enable = await authCall('POST', '/two-factor/enable', { body: { password }, cookie, ip: ip() });
  expect(enable.status, JSON.stringify(enable.body)).toBe(200);
  const code = totpCode((enable.body as { totpURI: string }).totpURI);
  const confirmed = await authCall('POST', '/two-factor/verify-totp', { body: { code }, cookie, ip: ip() });
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  return mergeCookies(cookie, confirmed.cookie);
}

const inWorkspace = (cookie: string, owner: TestUser): Caller => ({ cookie, workspace: owner.workspaceId });

describe('a workspace that requires two-factor authentication', () => {
  it('only an owner with a second factor switches it on; members without one are asked to enrol', async () => {
    const owner = await signUp('Owner');
    const admin = await joinAs(owner, 'admin');
    const member = await joinAs(owner, 'member');
    const adminToken = ok(await api(admin.caller, 'POST', '/tokens', { name: 'ci', role: 'member' }), 201).body
      .token as string;

    // An owner without a second factor would lock themselves out: refused, nothing changed.
    const early = await api(inWorkspace(owner.cookie, owner), 'PATCH', '/workspace', { requireTwoFactor: true });
    expectProblem(early, 403, 'TWO_FACTOR_REQUIRED');
    expect((await api(member.caller, 'GET', '/workspace')).body.requireTwoFactor).toBe(false);
    // An admin may change the settings, not this one.
    expectProblem(await api(admin.caller, 'PATCH', '/workspace', { requireTwoFactor: true }), 403, 'FORBIDDEN');
    expectProblem(await api(member.caller, 'PATCH', '/workspace', { requireTwoFactor: 'yes' }), 422);

    const ownerCookie = await enrol(owner.cookie);
    const switched = ok(
      await api(inWorkspace(ownerCookie, owner), 'PATCH', '/workspace', { requireTwoFactor: true }),
    ).body;
    expect(switched.requireTwoFactor).toBe(true);
    const [audit] = await auditLog(inWorkspace(ownerCookie, owner), 'action=UPDATE');
    expect(audit).toMatchObject({
      resourceType: 'settings',
      actorId: owner.id,
      changes: { before: { requireTwoFactor: false }, after: { requireTwoFactor: true } },
    });
    // The owner, enrolled, still works.
    ok(await api(inWorkspace(ownerCookie, owner), 'GET', '/boards'));

    // The member without a second factor: /me tells the app why, every workspace request says what to do.
    const me = ok(await api({ cookie: member.user.cookie }, 'GET', '/me')).body;
    expect(me.user.twoFactorEnabled).toBe(false);
    expect(me.workspaces.find((w: { id: string }) => w.id === owner.workspaceId).requireTwoFactor).toBe(true);
    const refused = expectProblem(await api(member.caller, 'GET', '/boards'), 403, 'TWO_FACTOR_REQUIRED');
    expect(refused.detail).toMatch(/\/account/);
    expectProblem(await api(member.caller, 'POST', '/boards', { name: 'sneaky' }), 403, 'TWO_FACTOR_REQUIRED');
    // A token acts for its creator, who has no second factor: refused as well.
    expectProblem(await api({ token: adminToken }, 'GET', '/boards'), 403, 'TWO_FACTOR_REQUIRED');
    // Their own other workspace is not affected.
    ok(await api({ cookie: member.user.cookie, workspace: member.user.workspaceId }, 'GET', '/boards'));

    // Enrolling lets them in.
    const memberCookie = await enrol(member.user.cookie);
    ok(await api(inWorkspace(memberCookie, owner), 'GET', '/boards'));
    expect(ok(await api({ cookie: memberCookie }, 'GET', '/me')).body.user.twoFactorEnabled).toBe(true);
    const adminCookie = await enrol(admin.user.cookie);
    ok(await api({ token: adminToken }, 'GET', '/boards'));

    // Turning the second factor off again shuts the door again.
    const off = await authCall('POST', '/two-factor/disable', { body: { password }, cookie: memberCookie, ip: ip() });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expectProblem(
      await api(inWorkspace(mergeCookies(memberCookie, off.cookie), owner), 'GET', '/boards'),
      403,
      'TWO_FACTOR_REQUIRED',
    );

    // The owner lifts the rule (no second factor needed for that): everyone is back.
    ok(await api(inWorkspace(ownerCookie, owner), 'PATCH', '/workspace', { requireTwoFactor: false }));
    ok(await api(inWorkspace(mergeCookies(memberCookie, off.cookie), owner), 'GET', '/boards'));
    ok(await api(inWorkspace(adminCookie, owner), 'GET', '/boards'));
  });
});
