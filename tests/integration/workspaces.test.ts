import { beforeAll, describe, expect, it } from 'vitest';
import { api, as, signUp } from '../support/api';
import { createBoard, createTicket, expectProblem, joinAs, ok, warmUp } from '../support/fixtures';

beforeAll(warmUp);

describe('workspaces', () => {
  it('/me lists the user and the workspace sign-up created, with the owner role', async () => {
    const alice = await signUp('Alice');
    const me = ok(await api({ cookie: alice.cookie }, 'GET', '/me'));
    expect(me.body.user).toEqual({
      id: alice.id,
      email: alice.email,
      name: 'Alice',
      emailVerified: false,
      twoFactorEnabled: false,
      // The first account of the database is its instance admin (tests/integration/sign-up-policy.test.ts).
      instanceAdmin: expect.any(Boolean),
    });
    expect(me.body.workspaces).toEqual([
      {
        id: alice.workspaceId,
        name: "Alice's workspace",
        slug: expect.stringMatching(/^alice-s-workspace-[0-9a-f]{6}$/),
        role: 'owner',
        requireTwoFactor: false,
      },
    ]);
    const current = ok(await api(as(alice), 'GET', '/workspace'));
    expect(current.body).toMatchObject({ id: alice.workspaceId, name: "Alice's workspace", plan: 'free' });
  });

  it('/me without a session → 401', async () => {
    expectProblem(await api({}, 'GET', '/me'), 401, 'UNAUTHENTICATED');
    expectProblem(
      await api({ cookie: 'better-auth.session_token=forged.value' }, 'GET', '/me'),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('creates a second workspace and switches to it by id or slug with x-tika-workspace', async () => {
    const alice = await signUp('Alice');
    const created = ok(await api({ cookie: alice.cookie }, 'POST', '/workspaces', { name: 'Side Project' }), 201);
    expect(created.body).toMatchObject({
      name: 'Side Project',
      slug: expect.stringMatching(/^side-project-[0-9a-f]{6}$/),
      plan: 'free',
    });
    const second = created.body as { id: string; slug: string };

    const me = ok(await api({ cookie: alice.cookie }, 'GET', '/me'));
    expect(me.body.workspaces.map((w: { id: string }) => w.id)).toEqual([alice.workspaceId, second.id]);
    expect(me.body.workspaces[1]).toMatchObject({ id: second.id, role: 'owner' });

    // No header → the first workspace (sign-up's).
    expect(ok(await api({ cookie: alice.cookie }, 'GET', '/workspace')).body.id).toBe(alice.workspaceId);
    // Header by id and by slug.
    expect(ok(await api(as(alice, second.id), 'GET', '/workspace')).body.id).toBe(second.id);
    expect(ok(await api(as(alice, second.slug), 'GET', '/workspace')).body.id).toBe(second.id);

    // Resources live in the workspace they were created in.
    const board = await createBoard(as(alice, second.slug), { name: 'Only in second' });
    expect(ok(await api(as(alice, second.id), 'GET', '/boards')).body.data.map((b: { id: string }) => b.id)).toEqual([
      board.id,
    ]);
    expect(ok(await api(as(alice), 'GET', '/boards')).body.data).toEqual([]);
    expectProblem(await api(as(alice), 'GET', `/boards/${board.id}`), 404, 'NOT_FOUND');
  });

  it('a custom slug is used; a taken slug → 409; an invalid slug → 422 on body.slug', async () => {
    const alice = await signUp('Alice');
    const slug = `team-${crypto.randomUUID().slice(0, 8)}`;
    const created = ok(await api({ cookie: alice.cookie }, 'POST', '/workspaces', { name: 'Team', slug }), 201);
    expect(created.body.slug).toBe(slug);
    const bob = await signUp('Bob');
    expectProblem(await api({ cookie: bob.cookie }, 'POST', '/workspaces', { name: 'Copy', slug }), 409, 'CONFLICT');
    const invalid = expectProblem(
      await api({ cookie: bob.cookie }, 'POST', '/workspaces', { name: 'Bad', slug: '-no-' }),
      422,
      'VALIDATION_FAILED',
    );
    expect(invalid.errors.map((e: { path: string }) => e.path)).toContain('body.slug');
    const noName = expectProblem(
      await api({ cookie: bob.cookie }, 'POST', '/workspaces', { name: '   ' }),
      422,
      'VALIDATION_FAILED',
    );
    expect(noName.errors.map((e: { path: string }) => e.path)).toContain('body.name');
  });

  it("a workspace header naming someone else's workspace → 404, by id and by slug", async () => {
    const alice = await signUp('Alice');
    const mallory = await signUp('Mallory');
    const alicesSlug = ok(await api(as(alice), 'GET', '/workspace')).body.slug;
    for (const header of [alice.workspaceId, alicesSlug, crypto.randomUUID(), 'no-such-workspace']) {
      expectProblem(await api(as(mallory, header), 'GET', '/workspace'), 404, 'NOT_FOUND');
      expectProblem(await api(as(mallory, header), 'GET', '/boards'), 404, 'NOT_FOUND');
    }
  });

  it('updates settings: admin may, member may not (403)', async () => {
    const alice = await signUp('Alice');
    const { caller: admin } = await joinAs(alice, 'admin');
    const { caller: member } = await joinAs(alice, 'member');
    const slug = `renamed-${crypto.randomUUID().slice(0, 8)}`;
    const updated = ok(await api(admin, 'PATCH', '/workspace', { name: 'Renamed', slug }));
    expect(updated.body).toMatchObject({ id: alice.workspaceId, name: 'Renamed', slug });
    expect(ok(await api(as(alice), 'GET', '/workspace')).body).toMatchObject({ name: 'Renamed', slug });
    // The new slug works as the workspace header.
    expect(ok(await api(as(alice, slug), 'GET', '/workspace')).body.id).toBe(alice.workspaceId);

    expectProblem(await api(member, 'PATCH', '/workspace', { name: 'Nope' }), 403, 'FORBIDDEN');
    expect(ok(await api(as(alice), 'GET', '/workspace')).body.name).toBe('Renamed');
    const empty = expectProblem(await api(admin, 'PATCH', '/workspace', {}), 422, 'VALIDATION_FAILED');
    expect(empty.errors.length).toBeGreaterThan(0);
  });

  it('delete: owner only, confirmed with the slug; afterwards its resources are gone and /me no longer lists it', async () => {
    const alice = await signUp('Alice');
    const { user: bob, caller: admin } = await joinAs(alice, 'admin');
    const workspace = ok(await api(as(alice), 'GET', '/workspace')).body;
    const board = await createBoard(as(alice));
    const ticket = await createTicket(as(alice), board.columns[0]!.id);

    expectProblem(await api(admin, 'DELETE', '/workspace', { confirm: workspace.slug }), 403, 'FORBIDDEN');

    const wrong = expectProblem(
      await api(as(alice), 'DELETE', '/workspace', { confirm: 'not-the-slug' }),
      422,
      'VALIDATION_FAILED',
    );
    expect(wrong.errors).toEqual([expect.objectContaining({ path: 'body.confirm' })]);
    expect(ok(await api(as(alice), 'GET', `/boards/${board.id}`)).body.board.id).toBe(board.id);

    const deleted = await api(as(alice), 'DELETE', '/workspace', { confirm: workspace.slug });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeNull();

    for (const caller of [as(alice), admin]) {
      expectProblem(await api(caller, 'GET', `/boards/${board.id}`), 404, 'NOT_FOUND');
      expectProblem(await api(caller, 'GET', `/tickets/${ticket.id}`), 404, 'NOT_FOUND');
      expectProblem(await api(caller, 'GET', '/workspace'), 404, 'NOT_FOUND');
    }
    for (const user of [alice, bob]) {
      const me = ok(await api({ cookie: user.cookie }, 'GET', '/me'));
      expect(me.body.workspaces.map((w: { id: string }) => w.id)).not.toContain(workspace.id);
    }
    // The slug is free again.
    ok(await api({ cookie: alice.cookie }, 'POST', '/workspaces', { name: 'Again', slug: workspace.slug }), 201);
  });
});
