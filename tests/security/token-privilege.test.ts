import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectProblem, send, signUp, stack, type Account, type Reply } from '../support/security-client';
import { securityCounts } from '../support/security-results';

// Finding 1 of the outside attack (issue #12): an API token outlived its creator's rights. A demoted admin
// promoted themselves back with their token; a removed admin kept listing members and inviting admins with it.
// The rule now: a token acts with at most its creator's CURRENT role, stops working once the creator is no
// longer a member, is revoked (and audited) when the creator is removed or leaves, and "you cannot change your
// own role" holds for a token acting for its creator. All of it over HTTP against the production build.

const { check } = securityCounts('token-privilege');
let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack().adminDbUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
});

/** `account` joins `owner`'s workspace through an (unbound) invitation with `role`. */
async function join(owner: Account, account: Account, role: string): Promise<Account> {
  const invitation = await api(owner)('POST', '/invitations', { role });
  expect(invitation.status, invitation.text).toBe(201);
  const accepted = await api(account)('POST', '/invitations/accept', { token: invitation.body.token });
  expect(accepted.status, accepted.text).toBe(200);
  return { ...account, workspaceId: owner.workspaceId };
}

async function tokenOf(account: Account, role: string): Promise<string> {
  const created = await api(account)('POST', '/tokens', { name: `${role} token`, role });
  expect(created.status, created.text).toBe(201);
  return created.body.token as string;
}

/** A bearer request on either replica (the token cache is per process). */
function withToken(token: string, method: string, path: string, body?: unknown, base = stack().appUrl) {
  return send(`${base}/api/v1${path}`, { method, token, body });
}

async function userId(account: Account): Promise<string> {
  const me = await send(`${stack().appUrl}/api/v1/me`, { cookie: account.cookie });
  return me.body.user.id as string;
}

const status = (reply: Reply) => `${reply.status} ${reply.text.slice(0, 200)}`;

describe('an API token never outlives its creator’s rights', () => {
  it('a demoted admin’s token acts with the new role: it cannot promote its creator back, nor do admin work', async () => {
    const owner = await signUp({ name: 'Token Owner' });
    const admin = await join(owner, await signUp({ name: 'Demoted Admin' }), 'admin');
    const adminId = await userId(admin);
    const token = await tokenOf(admin, 'admin');
    // The token works as an admin while its creator is one (and the replicas cache that answer).
    expect((await withToken(token, 'GET', '/tokens')).status).toBe(200);
    expect((await withToken(token, 'GET', '/tokens', undefined, stack().replicaUrl)).status).toBe(200);

    const demoted = await api(owner)('PATCH', `/members/${adminId}`, { role: 'member' });
    expect(demoted.status, demoted.text).toBe(200);

    // The attack: PATCH /members/{self} with the token → 200 before the fix.
    const selfPromotion = await withToken(token, 'PATCH', `/members/${adminId}`, { role: 'admin' });
    expect(selfPromotion.status, status(selfPromotion)).toBe(403);
    expectProblem(selfPromotion, 403, 'FORBIDDEN');
    const role = await db.query(`select role from memberships where tenant_id = $1 and user_id = $2`, [
      owner.workspaceId,
      adminId,
    ]);
    expect(role.rows[0].role).toBe('member');
    // Admin-only work through the token is refused; member work still goes through.
    expectProblem(await withToken(token, 'GET', '/tokens'), 403, 'FORBIDDEN');
    expectProblem(await withToken(token, 'POST', '/invitations', { role: 'admin' }), 403, 'FORBIDDEN');
    expect((await withToken(token, 'GET', '/boards')).status).toBe(200);
    // The other replica cached the admin answer a moment ago; within its cache time it agrees too.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    expectProblem(await withToken(token, 'GET', '/tokens', undefined, stack().replicaUrl), 403, 'FORBIDDEN');
    check(4);
  });

  it('“you cannot change your own role” holds for a token acting for its creator', async () => {
    const owner = await signUp({ name: 'Token Owner 2' });
    const admin = await join(owner, await signUp({ name: 'Self Changer' }), 'admin');
    const adminId = await userId(admin);
    const token = await tokenOf(admin, 'admin');
    const selfDemotion = await withToken(token, 'PATCH', `/members/${adminId}`, { role: 'viewer' });
    expectProblem(selfDemotion, 403, 'FORBIDDEN');
    const selfRemoval = await withToken(token, 'DELETE', `/members/${adminId}`);
    expectProblem(selfRemoval, 403, 'FORBIDDEN');
    check(2);
  });

  it('a removed admin’s tokens stop working at once, are revoked, and the revocation is audited', async () => {
    const owner = await signUp({ name: 'Token Owner 3' });
    const admin = await join(owner, await signUp({ name: 'Removed Admin' }), 'admin');
    const adminId = await userId(admin);
    const [adminToken, viewerToken] = [await tokenOf(admin, 'admin'), await tokenOf(admin, 'viewer')];
    const ownerToken = await tokenOf(owner, 'admin');
    expect((await withToken(adminToken, 'GET', '/members')).status).toBe(200);

    const removed = await api(owner)('DELETE', `/members/${adminId}`);
    expect(removed.status, removed.text).toBe(204);

    // Before the fix: 200 and 201 (the removed admin listed members and minted an admin invitation).
    expectProblem(await withToken(adminToken, 'GET', '/members'), 401, 'UNAUTHENTICATED');
    expectProblem(await withToken(adminToken, 'POST', '/invitations', { role: 'admin' }), 401, 'UNAUTHENTICATED');
    expectProblem(await withToken(viewerToken, 'GET', '/boards'), 401, 'UNAUTHENTICATED');
    // Somebody else's token is untouched.
    expect((await withToken(ownerToken, 'GET', '/members')).status).toBe(200);
    check(4);

    const tokens = await db.query(
      `select t.id, t.revoked_at is not null as revoked, u.id = $2 as mine
         from api_tokens t join users u on u.id = t.created_by where t.tenant_id = $1`,
      [owner.workspaceId, adminId],
    );
    expect(tokens.rows.filter((t) => t.mine).map((t) => t.revoked)).toEqual([true, true]);
    expect(tokens.rows.filter((t) => !t.mine).map((t) => t.revoked)).toEqual([false]);
    const audit = await db.query(
      `select resource_id::text as id from audit_logs
        where tenant_id = $1 and action = 'REVOKE' and resource_type = 'api_token' order by resource_id`,
      [owner.workspaceId],
    );
    expect(audit.rows.map((r) => r.id)).toEqual(
      tokens.rows
        .filter((t) => t.mine)
        .map((t) => t.id)
        .sort(),
    );
    check(2);
  });

  it('a member who leaves takes their tokens with them', async () => {
    const owner = await signUp({ name: 'Token Owner 4' });
    const member = await join(owner, await signUp({ name: 'Leaver' }), 'admin');
    const token = await tokenOf(member, 'member');
    expect((await withToken(token, 'GET', '/boards')).status).toBe(200);
    const left = await api(member)('POST', '/workspace/leave');
    expect(left.status, left.text).toBe(204);
    expectProblem(await withToken(token, 'GET', '/boards'), 401, 'UNAUTHENTICATED');
    const revoked = await db.query(
      `select count(*)::int as n from api_tokens where tenant_id = $1 and revoked_at is not null`,
      [owner.workspaceId],
    );
    expect(revoked.rows[0].n).toBe(1);
    check(2);
  });

  it('a token still works only while its creator is a member even when nothing revoked it (membership deleted in SQL)', async () => {
    const owner = await signUp({ name: 'Token Owner 5' });
    const admin = await join(owner, await signUp({ name: 'Vanished Admin' }), 'admin');
    const adminId = await userId(admin);
    const token = await tokenOf(admin, 'admin');
    await db.query(`delete from memberships where tenant_id = $1 and user_id = $2`, [owner.workspaceId, adminId]);
    // The replica has never seen this token: no cache stands between the request and the rule.
    expectProblem(await withToken(token, 'GET', '/members', undefined, stack().replicaUrl), 401, 'UNAUTHENTICATED');
    check();
  });

  it('after an ownership transfer, the former owner’s tokens follow the role they are given', async () => {
    const owner = await signUp({ name: 'Former Owner' });
    const heir = await join(owner, await signUp({ name: 'Heir' }), 'admin');
    const ownerId = await userId(owner);
    const token = await tokenOf(owner, 'admin');
    const transfer = await api(owner)('POST', '/workspace/transfer-ownership', { userId: await userId(heir) });
    expect(transfer.status, transfer.text).toBe(204);
    // Now an admin: the admin token still does admin work, and cannot touch the new owner or itself.
    expect((await withToken(token, 'GET', '/tokens')).status).toBe(200);
    expectProblem(await withToken(token, 'PATCH', `/members/${ownerId}`, { role: 'admin' }), 403, 'FORBIDDEN');
    const toViewer = await api(heir)('PATCH', `/members/${ownerId}`, { role: 'viewer' });
    expect(toViewer.status, toViewer.text).toBe(200);
    expectProblem(await withToken(token, 'POST', '/boards', { name: 'as viewer' }), 403, 'FORBIDDEN');
    expect((await withToken(token, 'GET', '/boards')).status).toBe(200);
    check(3);
  });
});
