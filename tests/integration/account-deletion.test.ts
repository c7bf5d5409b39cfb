import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getAuth } from '../../src/api/auth';
import { api, as, signUp, type TestUser } from '../support/api';
import { authCall, authSignUp } from '../support/auth-http';
import { createBoard, createTicket, expectProblem, joinAs, ok, warmUp } from '../support/fixtures';

// Account deletion through the real auth route into better-auth: the password again, refused while the account
// owns a workspace, then gone everywhere — sessions, API tokens, memberships — with the workspaces' audit logs
// keeping what it did under its id only.

beforeAll(warmUp);

const PASSWORD = 'correct horse battery'; // tests/support/api.ts signUp
let ip = 0;
const deleteAccount = (cookie: string, body: unknown) =>
  authCall('POST', '/delete-user', { cookie, body, ip: `198.51.100.${++ip}` });

const findUser = async (email: string) => (await (await getAuth()).$context).internalAdapter.findUserByEmail(email);

/** Deletes the user's own first workspace (every account owns one from sign-up), as its settings page does. */
async function deleteOwnWorkspace(user: TestUser) {
  const workspace = ok(await api(as(user), 'GET', '/workspace')).body as { slug: string };
  expect((await api(as(user), 'DELETE', '/workspace', { confirm: workspace.slug })).status).toBe(204);
}

function expectAuthProblem(reply: Awaited<ReturnType<typeof deleteAccount>>, status: number, code: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.headers.get('content-type')).toBe('application/problem+json');
  expect(reply.body).toMatchObject({ status, code, detail: expect.any(String), requestId: expect.any(String) });
}

describe('account deletion', () => {
  it('needs the password again: missing, wrong or a token instead is refused and nothing changes', async () => {
    const user = await signUp('Careful');
    await deleteOwnWorkspace(user);
    for (const body of [{}, { password: '' }, { token: 'anything' }, { password: PASSWORD, token: 'x' }]) {
      const refused = await deleteAccount(user.cookie, body);
      expectAuthProblem(refused, 422, 'VALIDATION_FAILED');
      expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'body.password' })]);
    }
    const wrong = await deleteAccount(user.cookie, { password: 'not my password' });
    expectAuthProblem(wrong, 422, 'VALIDATION_FAILED');
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'body.password' })]);
    expect(await findUser(user.email)).toBeTruthy();
    ok(await api({ cookie: user.cookie }, 'GET', '/me'));
    // Signed out: 401, whatever the body.
    expectAuthProblem(await deleteAccount('', { password: PASSWORD }), 401, 'UNAUTHENTICATED');
  });

  it('is refused while the account owns a workspace, naming each one; nothing is deleted or left', async () => {
    const owner = await signUp('Owner');
    const { user: member } = await joinAs(owner, 'member', 'Member');
    const second = ok(await api({ cookie: owner.cookie }, 'POST', '/workspaces', { name: 'Second' }), 201).body;
    const refused = await deleteAccount(owner.cookie, { password: PASSWORD });
    expectAuthProblem(refused, 409, 'ACCOUNT_OWNS_WORKSPACES');
    expect(refused.body.detail).toMatch(/Transfer ownership .* or delete them first/);
    expect(refused.body.workspaces).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: owner.workspaceId }),
        { id: second.id, name: 'Second', slug: second.slug },
      ]),
    );
    expect(refused.body.workspaces).toHaveLength(2);
    expect(await findUser(owner.email)).toBeTruthy();
    const me = ok(await api({ cookie: owner.cookie }, 'GET', '/me')).body;
    expect(me.workspaces).toHaveLength(2);
    const members = ok(await api(as(owner), 'GET', '/members')).body.data as { userId: string }[];
    expect(members.map((m) => m.userId).sort()).toEqual([owner.id, member.id].sort());
  });

  it('deletes the account: every session, its API tokens and memberships go; the audit log keeps only its id', async () => {
    const owner = await signUp('Workspace Owner');
    const { user: leaving } = await joinAs(owner, 'admin', 'Leaving Person');
    await deleteOwnWorkspace(leaving);
    // A second session of the leaving account (another device), its API token and a ticket assigned to it.
    const otherDevice = await authCall('POST', '/sign-in/email', {
      body: { email: leaving.email, password: PASSWORD },
      ip: '198.51.100.200',
    });
    expect(otherDevice.status).toBe(200);
    const token = ok(await api(as(leaving, owner.workspaceId), 'POST', '/tokens', { name: 'ci', role: 'member' }), 201)
      .body as { id: string; token: string };
    ok(await api({ token: token.token }, 'GET', '/boards'));
    const board = await createBoard(as(owner));
    const ticket = await createTicket(as(owner), board.columns[0]!.id, { assigneeId: leaving.id });
    expect(ticket.assigneeId).toBe(leaving.id);

    const deleted = await deleteAccount(leaving.cookie, { password: PASSWORD });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(deleted.cookie).toMatch(/session_token=(;|$)/); // the browser's cookie is cleared

    // Gone: the user, both sessions (through the API at once: it asks the database), the token, the membership.
    expect(await findUser(leaving.email)).toBeNull();
    expectProblem(await api({ cookie: leaving.cookie }, 'GET', '/me'), 401, 'UNAUTHENTICATED');
    expectProblem(await api({ cookie: otherDevice.cookie }, 'GET', '/me'), 401, 'UNAUTHENTICATED');
    expectProblem(await api({ token: token.token }, 'GET', '/boards'), 401);
    const signIn = await authCall('POST', '/sign-in/email', {
      body: { email: leaving.email, password: PASSWORD },
      ip: '198.51.100.201',
    });
    expect(signIn.status).toBe(401);
    const members = ok(await api(as(owner), 'GET', '/members')).body.data as { userId: string }[];
    expect(members.map((m) => m.userId)).toEqual([owner.id]);
    expect(ok(await api(as(owner), 'GET', `/tickets/${ticket.id}`)).body.assigneeId).toBeNull();
    const tokens = ok(await api(as(owner), 'GET', '/tokens')).body.data as { id: string; revokedAt: string | null }[];
    expect(tokens.find((t) => t.id === token.id)?.revokedAt).toBeTruthy();

    // The workspace's audit log: the deletion and the token's revocation, by the account's id — no name, no address.
    const audit = ok(await api(as(owner), 'GET', `/audit-log?actorId=${leaving.id}&limit=100`)).body.data as {
      action: string;
      resourceType: string;
      resourceId: string;
      changes: { before: unknown; after: unknown };
    }[];
    const deletion = audit.find((row) => row.action === 'DELETE' && row.resourceType === 'account');
    expect(deletion).toMatchObject({
      resourceId: leaving.id,
      changes: { before: { userId: leaving.id, role: 'admin' }, after: { unassignedTickets: 1, revokedTokens: 1 } },
    });
    expect(audit.find((row) => row.resourceType === 'api_token' && row.action === 'REVOKE')).toMatchObject({
      resourceId: token.id,
      changes: { after: expect.objectContaining({ reason: 'account_deleted' }) },
    });
    const written = JSON.stringify(audit.filter((row) => ['DELETE', 'REVOKE'].includes(row.action)));
    expect(written).not.toContain(leaving.email);
    expect(written).not.toContain('Leaving Person');

    // The address is free again: a new account, with a new id.
    const again = await authSignUp(
      { email: leaving.email, password: 'another long password', name: 'Back Again' },
      { ip: '198.51.100.202' },
    );
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(ok(await api({ cookie: again.cookie }, 'GET', '/me')).body.user.id).not.toBe(leaving.id);
  });

  it('an account in no workspace at all is simply deleted', async () => {
    const loner = await signUp(`Loner ${randomUUID().slice(0, 6)}`);
    await deleteOwnWorkspace(loner);
    expect((await deleteAccount(loner.cookie, { password: PASSWORD })).status).toBe(200);
    expect(await findUser(loner.email)).toBeNull();
  });
});
