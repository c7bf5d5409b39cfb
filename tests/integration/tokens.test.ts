import { beforeAll, describe, expect, it, vi } from 'vitest';
import { api, as, signUp } from '../support/api';
import { createBoard, createTicket, expectProblem, joinAs, ok, warmUp } from '../support/fixtures';

beforeAll(warmUp);

const listTokens = async (caller: Parameters<typeof api>[0]) =>
  ok(await api(caller, 'GET', '/tokens')).body.data as Record<string, unknown>[];

describe('API tokens', () => {
  it('create: the secret is shown once; the list never shows it; the prefix matches', async () => {
    const alice = await signUp('Alice');
    const created = ok(await api(as(alice), 'POST', '/tokens', { name: 'CI', role: 'member' }), 201);
    const { token, ...dto } = created.body;
    expect(token).toMatch(/^tika_[A-Za-z0-9_-]{43}$/);
    expect(dto).toMatchObject({
      name: 'CI',
      role: 'member',
      prefix: token.slice(0, 12),
      createdBy: alice.id,
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
    });

    const list = await listTokens(as(alice));
    expect(list).toEqual([dto]);
    expect(list[0]).not.toHaveProperty('token');
    expect(JSON.stringify(list)).not.toContain(token);
    expect(token.startsWith(list[0]!.prefix as string)).toBe(true);
  });

  it('a token works as Bearer on /boards, in its own workspace, and lastUsedAt is set', async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice), { name: 'Visible to the token' });
    const { token, id } = ok(await api(as(alice), 'POST', '/tokens', { name: 'reader', role: 'viewer' }), 201).body;

    const boards = ok(await api({ token }, 'GET', '/boards'));
    expect(boards.body.data.map((b: { id: string }) => b.id)).toEqual([board.id]);
    // The token decides the workspace; a workspace header cannot move it elsewhere.
    const bob = await signUp('Bob');
    const foreign = ok(await api({ token, workspace: bob.workspaceId }, 'GET', '/workspace'));
    expect(foreign.body.id).toBe(alice.workspaceId);

    const listed = (await listTokens(as(alice))).find((t) => t.id === id)!;
    expect(listed.lastUsedAt).not.toBeNull();
    expect(Date.now() - Date.parse(listed.lastUsedAt as string)).toBeLessThan(60_000);
  });

  it("the token's role is enforced: a viewer token cannot create tickets (403), a member token can", async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice));
    const viewer = ok(await api(as(alice), 'POST', '/tokens', { name: 'v', role: 'viewer' }), 201).body.token;
    const member = ok(await api(as(alice), 'POST', '/tokens', { name: 'm', role: 'member' }), 201).body.token;
    expectProblem(
      await api({ token: viewer }, 'POST', '/tickets', { columnId: board.columns[0]!.id, title: 'x' }),
      403,
      'FORBIDDEN',
    );
    const ticket = await createTicket({ token: member }, board.columns[0]!.id, { title: 'by token' });
    expect(ticket.createdBy).toBeNull(); // no person created it
    expectProblem(await api({ token: member }, 'DELETE', `/tickets/${ticket.id}`), 403, 'FORBIDDEN');
    const view = ok(await api({ token: viewer }, 'GET', `/boards/${board.id}`));
    expect(view.body.columns[0].tickets.map((t: { id: string }) => t.id)).toEqual([ticket.id]);
  });

  it('who may issue which token: at most your own role, never owner; members not at all', async () => {
    const alice = await signUp('Alice');
    const { caller: admin } = await joinAs(alice, 'admin');
    const { caller: member } = await joinAs(alice, 'member');
    ok(await api(admin, 'POST', '/tokens', { name: 'a', role: 'admin' }), 201);
    const owner = expectProblem(
      await api(as(alice), 'POST', '/tokens', { name: 'o', role: 'owner' }),
      422,
      'VALIDATION_FAILED',
    );
    expect(owner.errors.map((e: { path: string }) => e.path)).toContain('body.role');
    expectProblem(await api(member, 'POST', '/tokens', { name: 'm', role: 'viewer' }), 403, 'FORBIDDEN');
    expectProblem(await api(member, 'GET', '/tokens'), 403, 'FORBIDDEN');
    const past = expectProblem(
      await api(as(alice), 'POST', '/tokens', {
        name: 'p',
        role: 'viewer',
        expiresAt: new Date(Date.now() - 60_000).toISOString(),
      }),
      422,
      'VALIDATION_FAILED',
    );
    expect(past.errors.map((e: { path: string }) => e.path)).toContain('body.expiresAt');
  });

  it('a token cannot create tokens (403), even an admin token', async () => {
    const alice = await signUp('Alice');
    const { token } = ok(await api(as(alice), 'POST', '/tokens', { name: 'admin', role: 'admin' }), 201).body;
    expect((await listTokens({ token })).length).toBe(1);
    expectProblem(await api({ token }, 'POST', '/tokens', { name: 'child', role: 'viewer' }), 403, 'FORBIDDEN');
    expect((await listTokens(as(alice))).length).toBe(1);
  });

  it('revoked → 401; revoking twice → 409; unknown id → 404', async () => {
    const alice = await signUp('Alice');
    const { token, id } = ok(
      await api(as(alice), 'POST', '/tokens', { name: 'short-lived', role: 'member' }),
      201,
    ).body;
    ok(await api({ token }, 'GET', '/boards'));
    const revoked = ok(await api(as(alice), 'DELETE', `/tokens/${id}`));
    expect(revoked.body).toMatchObject({ id, revokedAt: expect.any(String) });
    expectProblem(await api({ token }, 'GET', '/boards'), 401, 'UNAUTHENTICATED');
    expectProblem(await api({ token }, 'POST', '/boards', { name: 'x' }), 401, 'UNAUTHENTICATED');
    expectProblem(await api(as(alice), 'DELETE', `/tokens/${id}`), 409, 'CONFLICT');
    expectProblem(await api(as(alice), 'DELETE', `/tokens/${crypto.randomUUID()}`), 404, 'NOT_FOUND');
    expect((await listTokens(as(alice)))[0]!.revokedAt).toBe(revoked.body.revokedAt);
  });

  it('an expired token → 401, from the very millisecond it expires', async () => {
    const alice = await signUp('Alice');
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const { token } = ok(
      await api(as(alice), 'POST', '/tokens', { name: 'expiring', role: 'viewer', expiresAt }),
      201,
    ).body;
    expect((await listTokens(as(alice)))[0]!.expiresAt).toBe(expiresAt);
    expect((await api({ token }, 'GET', '/boards')).status).toBe(200);
    // The clock is moved instead of waited for: both answers are certain, however slow the machine.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.parse(expiresAt) - 1);
      expect((await api({ token }, 'GET', '/boards')).status).toBe(200);
      vi.setSystemTime(Date.parse(expiresAt));
      expectProblem(await api({ token }, 'GET', '/boards'), 401, 'UNAUTHENTICATED');
    } finally {
      vi.useRealTimers();
    }
  });

  it('malformed or unknown credentials → 401', async () => {
    const alice = await signUp('Alice');
    const { token } = ok(await api(as(alice), 'POST', '/tokens', { name: 't', role: 'viewer' }), 201).body;
    const cases: Record<string, string>[] = [
      { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      { authorization: 'Bearer' },
      { authorization: `Bearer ${token} extra` },
      { authorization: 'Bearer not-a-token' },
      { authorization: `Bearer tika_${'A'.repeat(43)}` },
      { authorization: `Bearer ${token.slice(0, -1)}` },
      { authorization: `Bearer ${token.replace('tika_', 'tinv_')}` },
    ];
    for (const headers of cases) {
      const response = await api({ headers }, 'GET', '/boards');
      expectProblem(response, 401, 'UNAUTHENTICATED');
    }
    // A bad Authorization header is not rescued by a valid session cookie.
    expectProblem(
      await api({ cookie: alice.cookie, headers: { authorization: 'Token abc' } }, 'GET', '/boards'),
      401,
      'UNAUTHENTICATED',
    );
    // No credentials at all.
    expectProblem(await api({}, 'GET', '/boards'), 401, 'UNAUTHENTICATED');
    // The scheme is case-insensitive.
    ok(await api({ headers: { authorization: `bearer ${token}` } }, 'GET', '/boards'));
  });
});
