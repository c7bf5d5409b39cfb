import { beforeAll, describe, expect, it } from 'vitest';
import { api, as, signUp, type Caller } from '../support/api';
import { auditLog, createBoard, createTicket, expectProblem, joinAs, ok, warmUp } from '../support/fixtures';

beforeAll(warmUp);

describe('viewers', () => {
  it('read boards, tickets, comments and members; every mutation → 403 and nothing changes', async () => {
    const alice = await signUp('Alice');
    const { user: bob } = await joinAs(alice, 'member', 'Bob');
    const { user: viewerUser, caller: viewer } = await joinAs(alice, 'viewer', 'Vera');
    const viewerToken = ok(await api(as(alice), 'POST', '/tokens', { name: 'read only', role: 'viewer' }), 201).body;
    const board = await createBoard(as(alice));
    const [todo, doing] = board.columns;
    const ticket = await createTicket(as(alice), todo!.id, { title: 'Visible', assigneeId: bob.id });
    const second = await createTicket(as(alice), todo!.id, { title: 'Second' });
    const comment = ok(await api(as(alice), 'POST', `/tickets/${ticket.id}/comments`, { body: 'hi' }), 201).body;
    const invitation = ok(await api(as(alice), 'POST', '/invitations', { role: 'member' }), 201).body;
    const token = ok(await api(as(alice), 'POST', '/tokens', { name: 'ci', role: 'member' }), 201).body;
    const slug = ok(await api(as(alice), 'GET', '/workspace')).body.slug;

    const snapshot = async () => ({
      workspace: ok(await api(as(alice), 'GET', '/workspace')).body,
      boards: ok(await api(as(alice), 'GET', '/boards?includeArchived=true')).body,
      view: ok(await api(as(alice), 'GET', `/boards/${board.id}`)).body,
      tickets: ok(await api(as(alice), 'GET', '/tickets')).body,
      archived: ok(await api(as(alice), 'GET', '/tickets?archived=true')).body,
      comments: ok(await api(as(alice), 'GET', `/tickets/${ticket.id}/comments`)).body,
      members: ok(await api(as(alice), 'GET', '/members')).body,
      invitations: ok(await api(as(alice), 'GET', '/invitations')).body,
      tokens: ok(await api(as(alice), 'GET', '/tokens')).body.data.map((t: Record<string, unknown>) => ({
        ...t,
        lastUsedAt: null,
      })),
      audit: (await auditLog(as(alice))).length,
    });
    const before = await snapshot();

    for (const reader of [viewer, { token: viewerToken.token } as Caller]) {
      expect(ok(await api(reader, 'GET', '/workspace')).body.id).toBe(alice.workspaceId);
      expect(ok(await api(reader, 'GET', '/boards')).body.data.map((b: { id: string }) => b.id)).toEqual([board.id]);
      expect(
        ok(await api(reader, 'GET', `/boards/${board.id}`)).body.columns[0].tickets.map((t: { id: string }) => t.id),
      ).toEqual([ticket.id, second.id]);
      expect(ok(await api(reader, 'GET', `/tickets/${ticket.id}`)).body.title).toBe('Visible');
      expect(ok(await api(reader, 'GET', '/tickets')).body.data).toHaveLength(2);
      expect(
        ok(await api(reader, 'GET', `/tickets/${ticket.id}/comments`)).body.data.map((c: { id: string }) => c.id),
      ).toEqual([comment.id]);
      expect(ok(await api(reader, 'GET', '/members')).body.data.map((m: { userId: string }) => m.userId)).toContain(
        viewerUser.id,
      );

      const mutations: [string, string, unknown?][] = [
        ['POST', '/boards', { name: 'x' }],
        ['PATCH', `/boards/${board.id}`, { name: 'x' }],
        ['PATCH', `/boards/${board.id}`, { archived: true }],
        ['DELETE', `/boards/${board.id}`],
        ['POST', `/boards/${board.id}/columns`, { name: 'x' }],
        ['PATCH', `/columns/${todo!.id}`, { wipLimit: 1 }],
        ['DELETE', `/columns/${doing!.id}`],
        ['POST', '/tickets', { columnId: todo!.id, title: 'x' }],
        ['PATCH', `/tickets/${ticket.id}`, { version: ticket.version, title: 'x' }],
        ['POST', `/tickets/${ticket.id}/move`, { version: ticket.version, columnId: doing!.id }],
        ['POST', `/tickets/${ticket.id}/archive`, { version: ticket.version }],
        ['POST', `/tickets/${ticket.id}/restore`, { version: ticket.version }],
        ['DELETE', `/tickets/${ticket.id}`],
        ['POST', `/tickets/${ticket.id}/comments`, { body: 'x' }],
        ['DELETE', `/comments/${comment.id}`],
        ['PATCH', '/workspace', { name: 'x' }],
        ['PUT', '/labels', { name: 'x', colour: 'red' }],
        ['DELETE', '/workspace', { confirm: slug }],
        ['POST', '/workspace/transfer-ownership', { userId: viewerUser.id }],
        ['GET', '/invitations'],
        ['POST', '/invitations', { role: 'viewer' }],
        ['POST', `/invitations/${invitation.id}/revoke`],
        ['GET', '/tokens'],
        ['POST', '/tokens', { name: 'x', role: 'viewer' }],
        ['DELETE', `/tokens/${token.id}`],
        ['PATCH', `/members/${bob.id}`, { role: 'viewer' }],
        ['DELETE', `/members/${bob.id}`],
        ['GET', '/audit-log'],
      ];
      for (const [method, path, body] of mutations) {
        expectProblem(await api(reader, method, path, body), 403, 'FORBIDDEN');
      }
    }

    expect(await snapshot()).toEqual(before);
    // Leaving is the one thing a viewer may do.
    expect((await api(viewer, 'POST', '/workspace/leave')).status).toBe(204);
    expectProblem(await api(viewer, 'GET', '/boards'), 404, 'NOT_FOUND');
  });
});
