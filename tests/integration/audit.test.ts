import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getAuth } from '../../src/api/auth';
import { peerHeaderName } from '../../src/server/http/client-ip';
import { auditLogs } from '../../src/server/db/schema';
import { withTenant } from '../../src/server/db/tenant';
import { api, as, signUp, type ApiResponse, type Caller, type TestUser } from '../support/api';
import {
  auditLog,
  auditRowsFor,
  createBoard,
  createTicket,
  expectProblem,
  joinAs,
  ok,
  rid,
  withRid,
  type AuditEntry,
  warmUp,
} from '../support/fixtures';

beforeAll(warmUp);

type Expected = {
  action: string;
  resourceType: string;
  resourceId: unknown;
  actorType?: 'user' | 'token';
  actorId: string;
  before?: unknown;
  after?: unknown;
};

/**
 * Runs one mutation with its own request id and checks it left exactly one audit row, as described. `reader`
 * reads the audit log (an admin or owner of the workspace).
 */
async function audited(
  reader: Caller,
  caller: Caller,
  method: string,
  path: string,
  body: unknown,
  expected: Expected,
) {
  const requestId = rid('audit');
  const response = await api(withRid(caller, requestId), method, path, body);
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  const rows = await auditRowsFor(reader, requestId);
  expect(rows, `${method} ${path}`).toHaveLength(1);
  const row = rows[0]!;
  expect(row, `${method} ${path}`).toMatchObject({
    action: expected.action,
    resourceType: expected.resourceType,
    resourceId: expected.resourceId,
    actorType: expected.actorType ?? 'user',
    actorId: expected.actorId,
    requestId,
  });
  if ('before' in expected) expect(row.changes.before, `${method} ${path} before`).toEqual(expected.before);
  if ('after' in expected) expect(row.changes.after, `${method} ${path} after`).toEqual(expected.after);
  return { response, row };
}

const any = expect.anything();

describe('audit log: every mutation writes exactly one row', () => {
  it('workspace, invitations, members and tokens', async () => {
    const alice = await signUp('Alice');
    const owner = as(alice);

    // Creating a workspace writes two rows in the new tenant: the workspace and its owner's membership.
    const createRid = rid('ws');
    const created = ok(
      await api(withRid({ cookie: alice.cookie }, createRid), 'POST', '/workspaces', { name: 'Audited' }),
      201,
    ).body;
    const inNew = await auditRowsFor(as(alice, created.id), createRid);
    expect(inNew.map((r) => [r.action, r.resourceType, r.resourceId, r.actorId]).sort()).toEqual(
      [
        ['CREATE', 'member', alice.id, alice.id],
        ['CREATE', 'workspace', created.id, alice.id],
      ].sort(),
    );
    expect(inNew.find((r) => r.resourceType === 'workspace')!.changes).toEqual({ before: null, after: created });
    expect(await auditRowsFor(owner, createRid)).toEqual([]); // not in the other workspace

    const workspace = ok(await api(owner, 'GET', '/workspace')).body;
    await audited(
      owner,
      owner,
      'PATCH',
      '/workspace',
      { name: 'Renamed' },
      {
        action: 'UPDATE',
        resourceType: 'settings',
        resourceId: alice.workspaceId,
        actorId: alice.id,
        before: { ...workspace },
        after: { ...workspace, name: 'Renamed' },
      },
    );

    const { response: invited, row: inviteRow } = await audited(
      owner,
      owner,
      'POST',
      '/invitations',
      { role: 'member' },
      {
        action: 'CREATE',
        resourceType: 'invitation',
        resourceId: any,
        actorId: alice.id,
        before: null,
      },
    );
    expect(inviteRow.resourceId).toBe(invited.body.id);
    expect(inviteRow.changes.after).toMatchObject({ id: invited.body.id, role: 'member', status: 'pending' });
    expect(JSON.stringify(inviteRow)).not.toContain(invited.body.token);

    const bob = await signUp('Bob');
    await audited(
      owner,
      { cookie: bob.cookie },
      'POST',
      '/invitations/accept',
      { token: invited.body.token },
      {
        action: 'ACCEPT',
        resourceType: 'invitation',
        resourceId: invited.body.id,
        actorId: bob.id,
        after: { userId: bob.id, email: bob.email, role: 'member' },
      },
    );

    const spare = ok(await api(owner, 'POST', '/invitations', { role: 'viewer' }), 201).body;
    const { row: revokeRow } = await audited(owner, owner, 'POST', `/invitations/${spare.id}/revoke`, undefined, {
      action: 'REVOKE',
      resourceType: 'invitation',
      resourceId: spare.id,
      actorId: alice.id,
    });
    expect(revokeRow.changes.before).toMatchObject({ status: 'pending' });
    expect(revokeRow.changes.after).toMatchObject({ status: 'revoked' });

    await audited(
      owner,
      owner,
      'PATCH',
      `/members/${bob.id}`,
      { role: 'admin' },
      {
        action: 'ROLE_CHANGE',
        resourceType: 'member',
        resourceId: bob.id,
        actorId: alice.id,
        before: { role: 'member' },
        after: { role: 'admin' },
      },
    );

    const { response: token, row: tokenRow } = await audited(
      owner,
      owner,
      'POST',
      '/tokens',
      { name: 'ci', role: 'member' },
      {
        action: 'CREATE',
        resourceType: 'api_token',
        resourceId: any,
        actorId: alice.id,
        before: null,
      },
    );
    expect(tokenRow.resourceId).toBe(token.body.id);
    expect(tokenRow.changes.after).toMatchObject({
      id: token.body.id,
      name: 'ci',
      role: 'member',
      prefix: token.body.prefix,
    });
    expect(JSON.stringify(tokenRow)).not.toContain(token.body.token);

    // A token acting is the actor.
    const board = await createBoard(owner);
    const { response: byToken } = await audited(
      owner,
      { token: token.body.token },
      'POST',
      '/tickets',
      { columnId: board.columns[0]!.id, title: 'bot' },
      {
        action: 'CREATE',
        resourceType: 'ticket',
        resourceId: any,
        actorType: 'token',
        actorId: token.body.id,
      },
    );
    expect(byToken.body.title).toBe('bot');

    const { row: tokenRevoke } = await audited(owner, owner, 'DELETE', `/tokens/${token.body.id}`, undefined, {
      action: 'REVOKE',
      resourceType: 'api_token',
      resourceId: token.body.id,
      actorId: alice.id,
    });
    expect(tokenRevoke.changes.before).toMatchObject({ revokedAt: null });
    expect(tokenRevoke.changes.after).toMatchObject({ revokedAt: expect.any(String) });

    const { user: carol } = await joinAs(alice, 'member', 'Carol');
    const ticket = await createTicket(owner, board.columns[0]!.id, { assigneeId: carol.id });
    await audited(owner, as(bob, alice.workspaceId), 'DELETE', `/members/${carol.id}`, undefined, {
      action: 'REMOVE',
      resourceType: 'member',
      resourceId: carol.id,
      actorId: bob.id,
      before: { userId: carol.id, email: carol.email, role: 'member' },
      after: { unassignedTickets: 1, revokedTokens: 0 },
    });
    expect(ok(await api(owner, 'GET', `/tickets/${ticket.id}`)).body.assigneeId).toBeNull();

    const { user: dave, caller: daveCaller } = await joinAs(alice, 'viewer', 'Dave');
    await audited(owner, daveCaller, 'POST', '/workspace/leave', undefined, {
      action: 'LEAVE',
      resourceType: 'member',
      resourceId: dave.id,
      actorId: dave.id,
      before: { userId: dave.id, role: 'viewer' },
      after: { unassignedTickets: 0, revokedTokens: 0 },
    });

    await audited(
      owner,
      owner,
      'POST',
      '/workspace/transfer-ownership',
      { userId: bob.id },
      {
        action: 'TRANSFER',
        resourceType: 'workspace',
        resourceId: alice.workspaceId,
        actorId: alice.id,
        before: { owner: alice.id, newOwnerRole: 'admin' },
        after: { owner: bob.id, previousOwnerRole: 'admin' },
      },
    );

    // Deleting the workspace: the row is written in the same transaction and outlives the workspace.
    const deleteRid = rid('delete');
    const slug = ok(await api(owner, 'GET', '/workspace')).body.slug;
    expect(
      (await api(withRid(as(bob, alice.workspaceId), deleteRid), 'DELETE', '/workspace', { confirm: slug })).status,
    ).toBe(204);
    const survivors = await withTenant(alice.workspaceId, (tx) =>
      tx.select().from(auditLogs).where(eq(auditLogs.requestId, deleteRid)),
    );
    expect(survivors).toHaveLength(1);
    expect(survivors[0]).toMatchObject({
      action: 'DELETE',
      resourceType: 'workspace',
      resourceId: alice.workspaceId,
      actorType: 'user',
      actorId: bob.id,
    });
    expect((survivors[0]!.changes as { before: { slug: string } }).before.slug).toBe(slug);
  }, 120_000);

  it('boards, columns, tickets and comments', async () => {
    const alice = await signUp('Alice');
    const owner = as(alice);
    const { user: bob, caller: member } = await joinAs(alice, 'member', 'Bob');

    const { response: boardResponse, row: boardRow } = await audited(
      owner,
      member,
      'POST',
      '/boards',
      { name: 'Roadmap', columns: ['A', 'B'] },
      {
        action: 'CREATE',
        resourceType: 'board',
        resourceId: any,
        actorId: bob.id,
        before: null,
      },
    );
    const board = boardResponse.body;
    expect(boardRow.resourceId).toBe(board.id);
    expect(boardRow.changes.after).toMatchObject({ id: board.id, name: 'Roadmap', columns: ['A', 'B'] });
    const [colA, colB] = board.columns as { id: string }[];

    const renamed = await audited(
      owner,
      member,
      'PATCH',
      `/boards/${board.id}`,
      { name: 'Plan' },
      {
        action: 'UPDATE',
        resourceType: 'board',
        resourceId: board.id,
        actorId: bob.id,
      },
    );
    expect(renamed.row.changes.before).toMatchObject({ name: 'Roadmap' });
    expect(renamed.row.changes.after).toMatchObject({ name: 'Plan' });
    await audited(
      owner,
      member,
      'PATCH',
      `/boards/${board.id}`,
      { archived: true },
      { action: 'ARCHIVE', resourceType: 'board', resourceId: board.id, actorId: bob.id },
    );
    await audited(
      owner,
      member,
      'PATCH',
      `/boards/${board.id}`,
      { archived: false },
      { action: 'RESTORE', resourceType: 'board', resourceId: board.id, actorId: bob.id },
    );

    const { response: column } = await audited(
      owner,
      owner,
      'POST',
      `/boards/${board.id}/columns`,
      { name: 'C', wipLimit: 5 },
      {
        action: 'CREATE',
        resourceType: 'column',
        resourceId: any,
        actorId: alice.id,
        before: null,
      },
    );
    const colC = column.body;
    const wip = await audited(
      owner,
      owner,
      'PATCH',
      `/columns/${colC.id}`,
      { wipLimit: 2 },
      { action: 'UPDATE', resourceType: 'column', resourceId: colC.id, actorId: alice.id },
    );
    expect(wip.row.changes.before).toMatchObject({ wipLimit: 5 });
    expect(wip.row.changes.after).toMatchObject({ wipLimit: 2 });
    await audited(owner, owner, 'DELETE', `/columns/${colC.id}`, undefined, {
      action: 'DELETE',
      resourceType: 'column',
      resourceId: colC.id,
      actorId: alice.id,
      before: { ...colC, wipLimit: 2, ticketCount: 0 },
      after: null,
    });

    const { response: created } = await audited(
      owner,
      member,
      'POST',
      '/tickets',
      { columnId: colA!.id, title: 'First' },
      {
        action: 'CREATE',
        resourceType: 'ticket',
        resourceId: any,
        actorId: bob.id,
        before: null,
      },
    );
    const ticket = created.body;
    expect((await auditRowsFor(owner, 'none')).length).toBe(0);
    await audited(
      owner,
      member,
      'PATCH',
      `/tickets/${ticket.id}`,
      { version: 1, title: 'Second', priority: 'high' },
      {
        action: 'UPDATE',
        resourceType: 'ticket',
        resourceId: ticket.id,
        actorId: bob.id,
        before: { title: 'First', priority: 'none', version: 1 },
        after: { title: 'Second', priority: 'high', version: 2 },
      },
    );
    const moved = await audited(
      owner,
      member,
      'POST',
      `/tickets/${ticket.id}/move`,
      { version: 2, columnId: colB!.id },
      {
        action: 'MOVE',
        resourceType: 'ticket',
        resourceId: ticket.id,
        actorId: bob.id,
      },
    );
    expect(moved.row.changes.before).toEqual({ columnId: colA!.id, position: ticket.position, version: 2 });
    expect(moved.row.changes.after).toEqual({ columnId: colB!.id, position: moved.response.body.position, version: 3 });
    const archived = await audited(
      owner,
      member,
      'POST',
      `/tickets/${ticket.id}/archive`,
      { version: 3 },
      {
        action: 'ARCHIVE',
        resourceType: 'ticket',
        resourceId: ticket.id,
        actorId: bob.id,
      },
    );
    expect(archived.row.changes).toEqual({
      before: { archivedAt: null, version: 3 },
      after: { archivedAt: archived.response.body.archivedAt, version: 4 },
    });
    const restored = await audited(
      owner,
      member,
      'POST',
      `/tickets/${ticket.id}/restore`,
      { version: 4 },
      {
        action: 'RESTORE',
        resourceType: 'ticket',
        resourceId: ticket.id,
        actorId: bob.id,
      },
    );
    expect(restored.row.changes.after).toMatchObject({ archivedAt: null, version: 5 });

    const { response: comment } = await audited(
      owner,
      member,
      'POST',
      `/tickets/${ticket.id}/comments`,
      { body: 'note' },
      {
        action: 'CREATE',
        resourceType: 'comment',
        resourceId: any,
        actorId: bob.id,
        before: null,
      },
    );
    await audited(owner, owner, 'DELETE', `/comments/${comment.body.id}`, undefined, {
      action: 'DELETE',
      resourceType: 'comment',
      resourceId: comment.body.id,
      actorId: alice.id,
      before: comment.body,
      after: null,
    });
    const deleted = await audited(owner, owner, 'DELETE', `/tickets/${ticket.id}`, undefined, {
      action: 'DELETE',
      resourceType: 'ticket',
      resourceId: ticket.id,
      actorId: alice.id,
      after: null,
    });
    expect(deleted.row.changes.before).toMatchObject({ id: ticket.id, title: 'Second', version: 5 });
    await audited(owner, owner, 'DELETE', `/boards/${board.id}`, undefined, {
      action: 'DELETE',
      resourceType: 'board',
      resourceId: board.id,
      actorId: alice.id,
      after: null,
    });
  }, 120_000);

  it('records the client ip and user agent', async () => {
    const alice = await signUp('Alice');
    const requestId = rid('meta');
    const caller = {
      ...as(alice),
      headers: {
        'x-request-id': requestId,
        // The connection's peer, as the Node server records it; X-Forwarded-For is not believed without
        // TRUSTED_PROXIES (issue #12).
        [peerHeaderName()]: '203.0.113.9',
        'x-forwarded-for': '198.51.100.66, 10.0.0.1',
        'user-agent': 'tika-tests/1.0',
      },
    };
    ok(await api(caller, 'POST', '/boards', { name: 'x' }), 201);
    const [row] = await auditRowsFor(as(alice), requestId);
    expect(row).toMatchObject({ ip: '203.0.113.9', userAgent: 'tika-tests/1.0' });
  });
});

describe('audit log: authentication events', () => {
  it('sign-up writes the workspace and owner-membership rows (and the first sign-in)', async () => {
    const alice = await signUp('Alice');
    const rows = await auditLog(as(alice));
    const workspaceRow = rows.find((r) => r.action === 'CREATE' && r.resourceType === 'workspace');
    const memberRow = rows.find((r) => r.action === 'CREATE' && r.resourceType === 'member');
    expect(workspaceRow).toMatchObject({ resourceId: alice.workspaceId, actorType: 'user', actorId: alice.id });
    expect(workspaceRow!.changes.after).toMatchObject({ id: alice.workspaceId, name: "Alice's workspace" });
    expect(memberRow).toMatchObject({
      resourceId: alice.id,
      actorId: alice.id,
      changes: { before: null, after: { userId: alice.id, role: 'owner' } },
    });
    expect(rows.filter((r) => r.resourceType === 'workspace' || r.resourceType === 'member')).toHaveLength(2);
  });

  it('sign-in writes a SIGN_IN row in every workspace of the user', async () => {
    const alice = await signUp('Alice');
    const second = ok(await api({ cookie: alice.cookie }, 'POST', '/workspaces', { name: 'Second' }), 201).body;
    const countSignIns = async (workspace: string) => (await auditLog(as(alice, workspace), 'action=SIGN_IN')).length;
    const before = [await countSignIns(alice.workspaceId), await countSignIns(second.id)];

    const requestId = rid('signin');
    const auth = await getAuth();
    const result = await auth.api.signInEmail({
      body: { email: alice.email, password: 'correct horse battery' },
      headers: new Headers({
        'x-request-id': requestId,
        'user-agent': 'signin-test',
        [peerHeaderName()]: '198.51.100.4',
      }),
    });
    expect(result.user.id).toBe(alice.id);

    expect([await countSignIns(alice.workspaceId), await countSignIns(second.id)]).toEqual([
      before[0]! + 1,
      before[1]! + 1,
    ]);
    for (const workspace of [alice.workspaceId, second.id]) {
      const [latest] = await auditLog(as(alice, workspace), 'action=SIGN_IN&limit=1');
      expect(latest).toMatchObject({
        action: 'SIGN_IN',
        resourceType: 'session',
        actorType: 'user',
        actorId: alice.id,
        changes: { before: null, after: { userId: alice.id } },
      });
      expect(latest!.userAgent).toBe('signin-test');
      expect(latest!.requestId).toBe(requestId);
    }

    // A failed sign-in writes nothing.
    await expect(auth.api.signInEmail({ body: { email: alice.email, password: 'wrong password!' } })).rejects.toThrow();
    expect(await countSignIns(alice.workspaceId)).toBe(before[0]! + 1);
  });
});

describe('audit log: failed changes leave no row', () => {
  it('WIP limit, stale version, stale neighbour, forbidden, invalid, conflicts', async () => {
    const alice = await signUp('Alice');
    const owner = as(alice);
    const { caller: member } = await joinAs(alice, 'member');
    const board = await createBoard(owner);
    const [todo, doing] = board.columns as { id: string }[];
    ok(await api(owner, 'PATCH', `/columns/${doing!.id}`, { wipLimit: 1 }));
    await createTicket(owner, doing!.id);
    const ticket = await createTicket(owner, todo!.id);
    ok(await api(owner, 'PATCH', `/tickets/${ticket.id}`, { version: 1, title: 'v2' }));
    const total = (await auditLog(owner)).length;

    const failures: [Caller, string, string, unknown, number][] = [
      [owner, 'POST', '/tickets', { columnId: doing!.id, title: 'over the limit' }, 409],
      [owner, 'POST', `/tickets/${ticket.id}/move`, { version: 2, columnId: doing!.id }, 409],
      [owner, 'PATCH', `/tickets/${ticket.id}`, { version: 1, title: 'stale' }, 409],
      [owner, 'POST', `/tickets/${ticket.id}/move`, { version: 1, columnId: todo!.id }, 409],
      [owner, 'POST', `/tickets/${ticket.id}/archive`, { version: 1 }, 409],
      [owner, 'POST', '/tickets', { columnId: todo!.id, title: 'x', afterId: crypto.randomUUID() }, 409],
      [owner, 'DELETE', `/columns/${doing!.id}`, undefined, 409],
      [owner, 'DELETE', '/workspace', { confirm: 'wrong' }, 422],
      [owner, 'POST', '/tickets', { columnId: todo!.id, title: 'x', assigneeId: 'nobody' }, 422],
      [member, 'DELETE', `/tickets/${ticket.id}`, undefined, 403],
      [member, 'PATCH', '/workspace', { name: 'nope' }, 403],
      [owner, 'PATCH', `/members/${alice.id}`, { role: 'admin' }, 403],
      [owner, 'POST', '/workspace/leave', undefined, 403],
    ];
    for (const [caller, method, path, body, status] of failures) {
      const requestId = rid('fail');
      const response = await api(withRid(caller, requestId), method, path, body);
      expectProblem(response, status);
      expect(await auditRowsFor(owner, requestId), `${method} ${path}`).toEqual([]);
    }
    expect((await auditLog(owner)).length).toBe(total);
    expect(ok(await api(owner, 'GET', `/tickets/${ticket.id}`)).body).toMatchObject({
      version: 2,
      title: 'v2',
      columnId: todo!.id,
    });
  });
});

describe('audit log: reading', () => {
  async function seed(): Promise<{
    alice: TestUser;
    bob: TestUser;
    tokenId: string;
    boardId: string;
    rows: AuditEntry[];
    phases: AuditEntry[][];
  }> {
    const alice = await signUp('Alice');
    const { user: bob, caller: member } = await joinAs(alice, 'member', 'Bob');
    const token = ok(await api(as(alice), 'POST', '/tokens', { name: 't', role: 'member' }), 201).body;
    const board = await createBoard(as(alice));
    const phase = async (work: () => Promise<void>) => {
      const before = new Set((await auditLog(as(alice))).map((r) => r.id));
      await work();
      await new Promise((resolve) => setTimeout(resolve, 30));
      return (await auditLog(as(alice))).filter((r) => !before.has(r.id));
    };
    await new Promise((resolve) => setTimeout(resolve, 30));
    const phases = [
      await phase(async () => {
        await createTicket(member, board.columns[0]!.id, { title: 'b1' });
        await createTicket(as(alice), board.columns[0]!.id, { title: 'a1' });
      }),
      await phase(async () => {
        await createTicket({ token: token.token }, board.columns[1]!.id, { title: 't1' });
        ok(await api(member, 'PATCH', `/boards/${board.id}`, { name: 'renamed' }));
      }),
      await phase(async () => {
        await createTicket(as(alice), board.columns[0]!.id, { title: 'a2' });
      }),
    ];
    return { alice, bob, tokenId: token.id, boardId: board.id, rows: await auditLog(as(alice)), phases };
  }

  it('filters by actor, actor type, resource type, resource id, action and time range', async () => {
    const { alice, bob, tokenId, boardId, rows, phases } = await seed();
    const ids = async (query: string) => (await auditLog(as(alice), query)).map((r) => r.id);
    const expectFilter = async (query: string, predicate: (r: AuditEntry) => boolean) => {
      const expected = rows.filter(predicate).map((r) => r.id);
      expect(expected.length, query).toBeGreaterThan(0);
      expect(await ids(query), query).toEqual(expected);
    };
    await expectFilter(`actorId=${bob.id}`, (r) => r.actorId === bob.id);
    await expectFilter(`actorId=${alice.id}`, (r) => r.actorId === alice.id);
    await expectFilter('actorType=token', (r) => r.actorType === 'token');
    expect((await auditLog(as(alice), 'actorType=token')).every((r) => r.actorId === tokenId)).toBe(true);
    await expectFilter('actorType=user', (r) => r.actorType === 'user');
    await expectFilter('resourceType=ticket', (r) => r.resourceType === 'ticket');
    await expectFilter('resourceType=board', (r) => r.resourceType === 'board');
    await expectFilter(`resourceId=${boardId}`, (r) => r.resourceId === boardId);
    await expectFilter('action=UPDATE', (r) => r.action === 'UPDATE');
    await expectFilter(
      `action=CREATE&resourceType=ticket&actorId=${alice.id}`,
      (r) => r.action === 'CREATE' && r.resourceType === 'ticket' && r.actorId === alice.id,
    );
    expect(await ids('action=TRANSFER')).toEqual([]);
    expect(await ids(`actorId=${crypto.randomUUID()}`)).toEqual([]);

    // Time range: boundaries between the phases (≥ 30 ms apart), so no row sits on a boundary.
    const times = (phase: AuditEntry[]) => phase.map((r) => Date.parse(r.createdAt));
    const [p0, p1, p2] = phases as [AuditEntry[], AuditEntry[], AuditEntry[]];
    expect(p1.length).toBe(2);
    const from = new Date((Math.max(...times(p0)) + Math.min(...times(p1))) / 2).toISOString();
    const to = new Date((Math.max(...times(p1)) + Math.min(...times(p2))) / 2).toISOString();
    expect(await ids(`from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).toEqual(p1.map((r) => r.id));
    expect(await ids(`from=${encodeURIComponent(to)}`)).toEqual(p2.map((r) => r.id));
    expect((await ids(`to=${encodeURIComponent(from)}`)).slice(0, p0.length)).toEqual(p0.map((r) => r.id));
    expect(await ids(`to=${encodeURIComponent(from)}`)).not.toContain(p1[0]!.id);
    const badDate = expectProblem(await api(as(alice), 'GET', '/audit-log?from=yesterday'), 422, 'VALIDATION_FAILED');
    expect(badDate.errors[0].path).toBe('query.from');
  });

  it('pages newest first with a cursor: no duplicates, no gaps', async () => {
    const { alice, rows } = await seed();
    expect(rows.length).toBeGreaterThan(8);
    for (const limit of [1, 3, 5]) {
      const walked: AuditEntry[] = [];
      let cursor: string | null = null;
      do {
        const response: ApiResponse = ok(
          await api(as(alice), 'GET', `/audit-log?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`),
        );
        expect(response.body.data.length).toBeLessThanOrEqual(limit);
        walked.push(...response.body.data);
        cursor = response.body.nextCursor;
      } while (cursor);
      expect(
        walked.map((r) => r.id),
        `limit ${limit}`,
      ).toEqual(rows.map((r) => r.id));
    }
    // Newest first.
    const created = rows.map((r) => Date.parse(r.createdAt));
    expect([...created].sort((a, b) => b - a)).toEqual(created);
    // A filtered walk pages too.
    const filtered = await auditLog(as(alice), 'resourceType=ticket&limit=1');
    expect(filtered.map((r) => r.id)).toEqual(rows.filter((r) => r.resourceType === 'ticket').map((r) => r.id));
    expectProblem(await api(as(alice), 'GET', '/audit-log?cursor=bm9wZQ'), 422, 'VALIDATION_FAILED');
  });

  it('admins read it; members and viewers get 403', async () => {
    const alice = await signUp('Alice');
    const { caller: admin } = await joinAs(alice, 'admin');
    const { caller: member } = await joinAs(alice, 'member');
    const { caller: viewer } = await joinAs(alice, 'viewer');
    expect((await auditLog(admin)).length).toBeGreaterThan(0);
    expectProblem(await api(member, 'GET', '/audit-log'), 403, 'FORBIDDEN');
    expectProblem(await api(viewer, 'GET', '/audit-log'), 403, 'FORBIDDEN');
    const memberToken = ok(await api(as(alice), 'POST', '/tokens', { name: 'm', role: 'member' }), 201).body.token;
    expectProblem(await api({ token: memberToken }, 'GET', '/audit-log'), 403, 'FORBIDDEN');
  });
});
