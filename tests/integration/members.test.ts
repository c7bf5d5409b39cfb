import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { invitations } from '../../src/server/db/schema';
import { withTenant } from '../../src/server/db/tenant';
import { api, as, signUp, verifyEmail } from '../support/api';
import { createBoard, createTicket, expectProblem, joinAs, ok, warmUp } from '../support/fixtures';

beforeAll(warmUp);

const members = async (caller: Parameters<typeof api>[0]) =>
  ok(await api(caller, 'GET', '/members')).body.data as {
    userId: string;
    email: string;
    name: string;
    role: string;
    joinedAt: string;
  }[];

describe('invitations', () => {
  it('invite by link: the token is shown once, the invitee joins with the role', async () => {
    const alice = await signUp('Alice');
    const created = ok(await api(as(alice), 'POST', '/invitations', { role: 'member' }), 201);
    expect(created.body).toMatchObject({ role: 'member', email: null, status: 'pending', acceptedBy: null });
    expect(created.body.token).toMatch(/^tinv_[A-Za-z0-9_-]{43}$/);
    expect(created.body.url).toBe(`${process.env.APP_URL}/invite/${created.body.token}`);
    const days = (Date.parse(created.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const list = ok(await api(as(alice), 'GET', '/invitations'));
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).not.toHaveProperty('token');
    expect(list.body.data[0]).not.toHaveProperty('url');
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    const bob = await signUp('Bob');
    const accepted = ok(
      await api({ cookie: bob.cookie }, 'POST', '/invitations/accept', { token: created.body.token }),
    );
    expect(accepted.body).toMatchObject({ role: 'member', workspace: { id: alice.workspaceId } });

    expect((await members(as(alice))).find((m) => m.userId === bob.id)).toMatchObject({
      email: bob.email,
      name: 'Bob',
      role: 'member',
    });
    const bobsMe = ok(await api({ cookie: bob.cookie }, 'GET', '/me'));
    expect(bobsMe.body.workspaces).toContainEqual(expect.objectContaining({ id: alice.workspaceId, role: 'member' }));
    expect(ok(await api(as(bob, alice.workspaceId), 'GET', '/workspace')).body.id).toBe(alice.workspaceId);

    const after = ok(await api(as(alice), 'GET', '/invitations')).body.data[0];
    expect(after).toMatchObject({ status: 'accepted', acceptedBy: bob.id });
    // A used link cannot be used again.
    const carol = await signUp('Carol');
    const reused = expectProblem(
      await api({ cookie: carol.cookie }, 'POST', '/invitations/accept', { token: created.body.token }),
      409,
      'CONFLICT',
    );
    expect(reused.invitationStatus).toBe('accepted');
  });

  it('an email-bound invitation rejects another address (403) and accepts its own, case-insensitively', async () => {
    const alice = await signUp('Alice');
    const bob = await signUp('Bob');
    const carol = await signUp('Carol');
    const invitation = ok(
      await api(as(alice), 'POST', '/invitations', {
        role: 'viewer',
        email: bob.email.toUpperCase(),
        expiresInDays: 2,
      }),
      201,
    );
    expect(invitation.body.email).toBe(bob.email.toLowerCase());
    expectProblem(
      await api({ cookie: carol.cookie }, 'POST', '/invitations/accept', { token: invitation.body.token }),
      403,
      'FORBIDDEN',
    );
    expect((await members(as(alice))).map((m) => m.userId)).not.toContain(carol.id);
    // Bob's own address, but not verified yet: registering an address proves nothing (issue #12).
    expectProblem(
      await api({ cookie: bob.cookie }, 'POST', '/invitations/accept', { token: invitation.body.token }),
      403,
      'EMAIL_NOT_VERIFIED',
    );
    expect((await members(as(alice))).map((m) => m.userId)).not.toContain(bob.id);
    await verifyEmail(bob);
    const accepted = ok(
      await api({ cookie: bob.cookie }, 'POST', '/invitations/accept', { token: invitation.body.token }),
    );
    expect(accepted.body.role).toBe('viewer');
  });

  it('revoked → accepting gives 409; revoking twice gives 409', async () => {
    const alice = await signUp('Alice');
    const invitation = ok(await api(as(alice), 'POST', '/invitations', { role: 'member' }), 201).body;
    const revoked = ok(await api(as(alice), 'POST', `/invitations/${invitation.id}/revoke`));
    expect(revoked.body).toMatchObject({ id: invitation.id, status: 'revoked' });
    const bob = await signUp('Bob');
    const refused = expectProblem(
      await api({ cookie: bob.cookie }, 'POST', '/invitations/accept', { token: invitation.token }),
      409,
      'CONFLICT',
    );
    expect(refused.invitationStatus).toBe('revoked');
    expect((await members(as(alice))).map((m) => m.userId)).toEqual([alice.id]);
    expectProblem(await api(as(alice), 'POST', `/invitations/${invitation.id}/revoke`), 409, 'CONFLICT');
    expectProblem(await api(as(alice), 'POST', `/invitations/${crypto.randomUUID()}/revoke`), 404, 'NOT_FOUND');
  });

  it('an expired invitation shows as expired and cannot be accepted or revoked (409)', async () => {
    const alice = await signUp('Alice');
    const invitation = ok(await api(as(alice), 'POST', '/invitations', { role: 'member', expiresInDays: 1 }), 201).body;
    // Time travel through the app's own tenant transaction (the runtime role, as a request would run).
    await withTenant(alice.workspaceId, (tx) =>
      tx
        .update(invitations)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(invitations.id, invitation.id)),
    );
    expect(ok(await api(as(alice), 'GET', '/invitations')).body.data[0]).toMatchObject({
      id: invitation.id,
      status: 'expired',
    });
    const bob = await signUp('Bob');
    const refused = expectProblem(
      await api({ cookie: bob.cookie }, 'POST', '/invitations/accept', { token: invitation.token }),
      409,
      'CONFLICT',
    );
    expect(refused.invitationStatus).toBe('expired');
    expectProblem(await api(as(alice), 'POST', `/invitations/${invitation.id}/revoke`), 409, 'CONFLICT');
    expect((await members(as(alice))).map((m) => m.userId)).toEqual([alice.id]);
  });

  it('unknown or malformed tokens → 404; an existing member accepting → 409', async () => {
    const alice = await signUp('Alice');
    const { user: bob } = await joinAs(alice, 'member');
    expectProblem(
      await api({ cookie: bob.cookie }, 'POST', '/invitations/accept', { token: 'tinv_' + 'A'.repeat(43) }),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await api({ cookie: bob.cookie }, 'POST', '/invitations/accept', { token: 'garbage' }),
      404,
      'NOT_FOUND',
    );
    const second = ok(await api(as(alice), 'POST', '/invitations', { role: 'admin' }), 201).body;
    expectProblem(
      await api({ cookie: bob.cookie }, 'POST', '/invitations/accept', { token: second.token }),
      409,
      'CONFLICT',
    );
    // Bob's role did not change, and the invitation is still pending.
    expect((await members(as(alice))).find((m) => m.userId === bob.id)?.role).toBe('member');
    expect(
      ok(await api(as(alice), 'GET', '/invitations')).body.data.find((i: { id: string }) => i.id === second.id).status,
    ).toBe('pending');
    // Accepting needs a session.
    expectProblem(await api({}, 'POST', '/invitations/accept', { token: second.token }), 401, 'UNAUTHENTICATED');
  });

  it('who may invite whom: admins up to admin, never owner; members and viewers not at all', async () => {
    const alice = await signUp('Alice');
    const { caller: admin } = await joinAs(alice, 'admin');
    const { caller: member } = await joinAs(alice, 'member');
    const { caller: viewer } = await joinAs(alice, 'viewer');
    ok(await api(admin, 'POST', '/invitations', { role: 'admin' }), 201);
    const owner = expectProblem(
      await api(as(alice), 'POST', '/invitations', { role: 'owner' }),
      422,
      'VALIDATION_FAILED',
    );
    expect(owner.errors.map((e: { path: string }) => e.path)).toContain('body.role');
    expectProblem(await api(member, 'POST', '/invitations', { role: 'viewer' }), 403, 'FORBIDDEN');
    expectProblem(await api(viewer, 'POST', '/invitations', { role: 'viewer' }), 403, 'FORBIDDEN');
    expectProblem(await api(member, 'GET', '/invitations'), 403, 'FORBIDDEN');
    const badDays = expectProblem(
      await api(as(alice), 'POST', '/invitations', { role: 'member', expiresInDays: 31 }),
      422,
      'VALIDATION_FAILED',
    );
    expect(badDays.errors.map((e: { path: string }) => e.path)).toContain('body.expiresInDays');
  });
});

describe('members', () => {
  it('lists members with roles, oldest first', async () => {
    const alice = await signUp('Alice');
    const { user: bob, caller: viewer } = await joinAs(alice, 'viewer', 'Bob');
    const list = await members(viewer);
    expect(list.map((m) => [m.userId, m.role])).toEqual([
      [alice.id, 'owner'],
      [bob.id, 'viewer'],
    ]);
    expect(list[0]).toMatchObject({ email: alice.email, name: 'Alice', joinedAt: expect.any(String) });
  });

  it('change role: owner and admin manage below owner; nobody grants owner, changes their own role or touches the owner', async () => {
    const alice = await signUp('Alice');
    const { user: adminUser, caller: admin } = await joinAs(alice, 'admin');
    const { user: memberUser, caller: member } = await joinAs(alice, 'member');
    const { user: other } = await joinAs(alice, 'member');

    const changed = ok(await api(as(alice), 'PATCH', `/members/${memberUser.id}`, { role: 'viewer' }));
    expect(changed.body).toMatchObject({ userId: memberUser.id, role: 'viewer', email: memberUser.email });
    ok(await api(admin, 'PATCH', `/members/${memberUser.id}`, { role: 'admin' }));
    expect((await members(as(alice))).find((m) => m.userId === memberUser.id)?.role).toBe('admin');
    ok(await api(admin, 'PATCH', `/members/${memberUser.id}`, { role: 'member' }));

    expectProblem(await api(admin, 'PATCH', `/members/${other.id}`, { role: 'owner' }), 403, 'FORBIDDEN');
    expectProblem(await api(as(alice), 'PATCH', `/members/${other.id}`, { role: 'owner' }), 403, 'FORBIDDEN');
    expectProblem(await api(admin, 'PATCH', `/members/${adminUser.id}`, { role: 'viewer' }), 403, 'FORBIDDEN');
    expectProblem(await api(as(alice), 'PATCH', `/members/${alice.id}`, { role: 'admin' }), 403, 'FORBIDDEN');
    expectProblem(await api(admin, 'PATCH', `/members/${alice.id}`, { role: 'member' }), 403, 'FORBIDDEN');
    expectProblem(await api(member, 'PATCH', `/members/${other.id}`, { role: 'viewer' }), 403, 'FORBIDDEN');
    expectProblem(await api(as(alice), 'PATCH', `/members/not-a-member`, { role: 'viewer' }), 404, 'NOT_FOUND');
    const bad = expectProblem(
      await api(as(alice), 'PATCH', `/members/${other.id}`, { role: 'superuser' }),
      422,
      'VALIDATION_FAILED',
    );
    expect(bad.errors.map((e: { path: string }) => e.path)).toContain('body.role');

    const roles = Object.fromEntries((await members(as(alice))).map((m) => [m.userId, m.role]));
    expect(roles).toEqual({
      [alice.id]: 'owner',
      [adminUser.id]: 'admin',
      [memberUser.id]: 'member',
      [other.id]: 'member',
    });
  });

  it('remove member: their tickets become unassigned and they lose access', async () => {
    const alice = await signUp('Alice');
    const { user: bob, caller: bobCaller } = await joinAs(alice, 'member', 'Bob');
    const { caller: admin } = await joinAs(alice, 'admin');
    const board = await createBoard(as(alice));
    const mine = await createTicket(as(alice), board.columns[0]!.id, { title: 'Bob’s', assigneeId: bob.id });
    const kept = await createTicket(as(alice), board.columns[0]!.id, { title: 'Alice’s', assigneeId: alice.id });

    expectProblem(await api(bobCaller, 'DELETE', `/members/${alice.id}`), 403, 'FORBIDDEN');
    expectProblem(await api(admin, 'DELETE', `/members/${alice.id}`), 403, 'FORBIDDEN');
    expectProblem(await api(as(alice), 'DELETE', `/members/${alice.id}`), 403, 'FORBIDDEN');

    const removed = await api(admin, 'DELETE', `/members/${bob.id}`);
    expect(removed.status).toBe(204);
    expect((await members(as(alice))).map((m) => m.userId)).not.toContain(bob.id);
    const ticket = ok(await api(as(alice), 'GET', `/tickets/${mine.id}`)).body;
    expect(ticket.assigneeId).toBeNull();
    expect(ticket.version).toBe(mine.version + 1);
    expect(ok(await api(as(alice), 'GET', `/tickets/${kept.id}`)).body).toMatchObject({
      assigneeId: alice.id,
      version: kept.version,
    });

    expectProblem(await api(bobCaller, 'GET', '/boards'), 404, 'NOT_FOUND');
    expect(
      ok(await api({ cookie: bob.cookie }, 'GET', '/me')).body.workspaces.map((w: { id: string }) => w.id),
    ).not.toContain(alice.workspaceId);
    expectProblem(await api(admin, 'DELETE', `/members/${bob.id}`), 404, 'NOT_FOUND');
    // No longer assignable either.
    const assign = expectProblem(
      await api(as(alice), 'PATCH', `/tickets/${mine.id}`, { version: ticket.version, assigneeId: bob.id }),
      422,
      'VALIDATION_FAILED',
    );
    expect(assign.errors[0].path).toBe('body.assigneeId');
  });

  it('leave: members leave (their tickets unassigned); the owner cannot (403)', async () => {
    const alice = await signUp('Alice');
    const { user: bob, caller: bobCaller } = await joinAs(alice, 'viewer', 'Bob');
    const { user: carol, caller: carolCaller } = await joinAs(alice, 'member', 'Carol');
    const board = await createBoard(as(alice));
    const ticket = await createTicket(as(alice), board.columns[0]!.id, { assigneeId: carol.id });

    expectProblem(await api(as(alice), 'POST', '/workspace/leave'), 403, 'FORBIDDEN');
    expect((await members(as(alice))).map((m) => m.userId)).toContain(alice.id);

    expect((await api(bobCaller, 'POST', '/workspace/leave')).status).toBe(204);
    expect((await api(carolCaller, 'POST', '/workspace/leave')).status).toBe(204);
    expect((await members(as(alice))).map((m) => m.userId)).toEqual([alice.id]);
    expect(ok(await api(as(alice), 'GET', `/tickets/${ticket.id}`)).body.assigneeId).toBeNull();
    expectProblem(await api(bobCaller, 'GET', '/workspace'), 404, 'NOT_FOUND');
    expect(
      ok(await api({ cookie: bob.cookie }, 'GET', '/me')).body.workspaces.map((w: { id: string }) => w.id),
    ).toEqual([bob.workspaceId]);
  });

  it('transfer ownership: the old owner becomes admin, the new owner can delete the workspace', async () => {
    const alice = await signUp('Alice');
    const { user: bob, caller: bobCaller } = await joinAs(alice, 'member', 'Bob');
    const { caller: admin } = await joinAs(alice, 'admin');

    expectProblem(await api(admin, 'POST', '/workspace/transfer-ownership', { userId: bob.id }), 403, 'FORBIDDEN');
    expectProblem(await api(as(alice), 'POST', '/workspace/transfer-ownership', { userId: alice.id }), 409, 'CONFLICT');
    expectProblem(
      await api(as(alice), 'POST', '/workspace/transfer-ownership', { userId: 'nobody' }),
      404,
      'NOT_FOUND',
    );

    expect((await api(as(alice), 'POST', '/workspace/transfer-ownership', { userId: bob.id })).status).toBe(204);
    const roles = Object.fromEntries((await members(as(alice))).map((m) => [m.userId, m.role]));
    expect(roles[alice.id]).toBe('admin');
    expect(roles[bob.id]).toBe('owner');
    expect(Object.values(roles).filter((r) => r === 'owner')).toHaveLength(1);

    const slug = ok(await api(bobCaller, 'GET', '/workspace')).body.slug;
    // The former owner lost the owner's powers and may now leave.
    expectProblem(await api(as(alice), 'DELETE', '/workspace', { confirm: slug }), 403, 'FORBIDDEN');
    expectProblem(
      await api(as(alice), 'POST', '/workspace/transfer-ownership', { userId: alice.id }),
      403,
      'FORBIDDEN',
    );
    expectProblem(await api(bobCaller, 'POST', '/workspace/leave'), 403, 'FORBIDDEN');
    expect((await api(bobCaller, 'DELETE', '/workspace', { confirm: slug })).status).toBe(204);
    expect(
      ok(await api({ cookie: alice.cookie }, 'GET', '/me')).body.workspaces.map((w: { id: string }) => w.id),
    ).not.toContain(alice.workspaceId);
  });
});
