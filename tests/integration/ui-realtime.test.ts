import { beforeAll, describe, expect, it } from 'vitest';
import { subscribeBoardEvents } from '../../src/server/realtime/hub';
import { api, as, signUp } from '../support/api';
import { createBoard, createTicket, joinAs, ok, warmUp } from '../support/fixtures';

import { dataOf, expectProblemResponse, openStream } from '../support/sse';

// Open (and on PGlite migrate) the database outside the first test's 30 s.
beforeAll(warmUp, 60_000);

// Streaming drivers (PGlite, node-postgres); the Neon driver's fallback is ui-realtime-neon.test.ts.
describe('live board events (SSE fed by LISTEN/NOTIFY)', () => {
  it("streams committed changes of the caller's own board only, never a rolled-back one or another tenant's", async () => {
    const owner = await signUp('Streamer');
    const stranger = await signUp('Stranger');
    const board = await createBoard(as(owner), { columns: ['A', 'B'] });
    const otherBoard = await createBoard(as(owner), { name: 'Other board' });
    const strangerBoard = await createBoard(as(stranger));
    const [a, b] = board.columns;

    const stream = await openStream(owner, board.id, owner.workspaceId);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    expect(await stream.next()).toContain('event: ready');

    // Noise first: another tenant's board and another board of the same tenant.
    await createTicket(as(stranger), strangerBoard.columns[0]!.id, { title: 'foreign' });
    await createTicket(as(owner), otherBoard.columns[0]!.id, { title: 'other board' });
    const ticket = await createTicket(as(owner), a!.id, { title: 'mine' });
    const created = dataOf(await stream.next());
    expect(created).toEqual({
      boardId: board.id,
      kind: 'ticket.created',
      ticketId: ticket.id,
      version: 1,
      columnId: a!.id,
    });
    expect(created).not.toHaveProperty('tenantId');

    // A stale move fails and rolls back: NOTIFY is transactional, so nothing is heard.
    await api(as(owner), 'POST', `/tickets/${ticket.id}/move`, { version: 7, columnId: b!.id });
    ok(await api(as(owner), 'POST', `/tickets/${ticket.id}/move`, { version: 1, columnId: b!.id }));
    expect(dataOf(await stream.next())).toMatchObject({
      kind: 'ticket.moved',
      ticketId: ticket.id,
      version: 2,
      columnId: b!.id,
      fromColumnId: a!.id,
    });

    ok(await api(as(owner), 'PATCH', `/tickets/${ticket.id}`, { version: 2, title: 'renamed' }));
    expect(dataOf(await stream.next())).toMatchObject({ kind: 'ticket.updated', version: 3 });
    ok(await api(as(owner), 'POST', `/tickets/${ticket.id}/archive`, { version: 3 }));
    expect(dataOf(await stream.next())).toMatchObject({ kind: 'ticket.archived', fromColumnId: b!.id });
    ok(await api(as(owner), 'POST', `/tickets/${ticket.id}/restore`, { version: 4 }));
    expect(dataOf(await stream.next())).toMatchObject({ kind: 'ticket.restored', columnId: b!.id });
    // A comment, added and deleted, tells the board its card's count changed (the ticket's version did not).
    const comment = ok(await api(as(owner), 'POST', `/tickets/${ticket.id}/comments`, { body: 'noted' }), 201).body;
    expect(dataOf(await stream.next())).toEqual({
      boardId: board.id,
      kind: 'ticket.commented',
      ticketId: ticket.id,
      columnId: b!.id,
    });
    expect((await api(as(owner), 'DELETE', `/comments/${comment.id}`)).status).toBe(204);
    expect(dataOf(await stream.next())).toMatchObject({ kind: 'ticket.commented', ticketId: ticket.id });
    ok(await api(as(owner), 'PATCH', `/columns/${a!.id}`, { wipLimit: 3 }));
    expect(dataOf(await stream.next())).toMatchObject({ kind: 'column.changed', columnId: a!.id });
    expect((await api(as(owner), 'DELETE', `/tickets/${ticket.id}`)).status).toBe(204);
    expect(dataOf(await stream.next())).toMatchObject({
      kind: 'ticket.deleted',
      ticketId: ticket.id,
      fromColumnId: b!.id,
    });
    ok(await api(as(owner), 'PATCH', `/boards/${board.id}`, { name: 'Renamed' }));
    expect(dataOf(await stream.next())).toMatchObject({ kind: 'board.updated' });
    stream.close();
  });

  it('authenticates like the API: 401 without a session, 404 for a board of another workspace, the workspace may come as ?workspace=', async () => {
    const owner = await signUp('Owner');
    const stranger = await signUp('Stranger');
    const board = await createBoard(as(owner));
    expectProblemResponse((await openStream(null, board.id)).response, 401);
    expectProblemResponse((await openStream(stranger, board.id, stranger.workspaceId)).response, 404);
    expectProblemResponse((await openStream(stranger, board.id, owner.workspaceId)).response, 404);
    expectProblemResponse((await openStream(owner, 'not-a-uuid', owner.workspaceId)).response, 404);

    const { user: viewer } = await joinAs(owner, 'viewer');
    const stream = await openStream(viewer, board.id, owner.workspaceId, 'query');
    expect(stream.response.status).toBe(200);
    expect(await stream.next()).toContain('event: ready');
    await createTicket(as(owner), board.columns[0]!.id);
    expect(dataOf(await stream.next())).toMatchObject({ kind: 'ticket.created' });
    stream.close();
  });

  it('the hub delivers to every subscriber and stops after unsubscribe', async () => {
    const owner = await signUp('Hub');
    const board = await createBoard(as(owner));
    // No fixed sleeps: wait for the events themselves. A second subscriber stays on; the hub hands each event to
    // every listener in one loop, so once it has the second ticket, the first would have had it too.
    const seen: string[] = [];
    const witness: string[] = [];
    let arrived: () => void = () => undefined;
    const unsubscribe = await subscribeBoardEvents((event) => {
      if (event.boardId === board.id) seen.push(event.ticketId!);
    });
    const unsubscribeWitness = await subscribeBoardEvents((event) => {
      if (event.boardId !== board.id) return;
      witness.push(event.ticketId!);
      arrived();
    });
    expect(unsubscribe).not.toBeNull();
    const nextEvent = () => new Promise<void>((resolve) => (arrived = resolve));
    let delivered = nextEvent();
    const first = (await createTicket(as(owner), board.columns[0]!.id)).id;
    await delivered;
    expect(seen).toEqual([first]);
    unsubscribe!();
    delivered = nextEvent();
    const second = (await createTicket(as(owner), board.columns[0]!.id)).id;
    await delivered;
    unsubscribeWitness!();
    expect(witness).toEqual([first, second]);
    expect(seen).toEqual([first]);
  });
});
