import { describe, expect, it } from 'vitest';
import { boardEventsRoute } from '../../src/server/realtime/sse';
import { subscribeBoardEvents } from '../../src/server/realtime/hub';
import { api, as, signUp, type TestUser } from '../support/api';
import { createBoard, createTicket, expectProblem, joinAs, ok } from '../support/fixtures';

type Stream = { response: Response; next: (timeoutMs?: number) => Promise<string>; close: () => void };

async function openStream(user: TestUser | null, boardId: string, workspace?: string, via: 'header' | 'query' = 'header'): Promise<Stream> {
  const controller = new AbortController();
  const headers = new Headers();
  if (user) headers.set('cookie', user.cookie);
  if (workspace && via === 'header') headers.set('x-tika-workspace', workspace);
  const query = workspace && via === 'query' ? `?workspace=${workspace}` : '';
  const request = new Request(`http://localhost/api/v1/boards/${boardId}/events${query}`, { headers, signal: controller.signal });
  const response = await boardEventsRoute(request, { params: Promise.resolve({ boardId }) });
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    response,
    // The next complete SSE message (comments and heartbeats included).
    next: async (timeoutMs = 3000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          return message;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no event in time');
        reader ??= response.body!.getReader();
        const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), left))]);
        if (!chunk) throw new Error('no event in time');
        if (chunk.done) throw new Error('stream ended');
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    close: () => controller.abort(),
  };
}

const dataOf = (message: string) => JSON.parse(message.split('\n').find((line) => line.startsWith('data: '))!.slice(6));

// The Neon driver has no LISTEN connection: the stream answers 503 and browsers poll instead.
const streaming = process.env.DATABASE_DRIVER !== 'neon';

describe.runIf(!streaming)('live board events on the Neon driver', () => {
  it('answers 503 SERVICE_UNAVAILABLE so that clients fall back to polling', async () => {
    const owner = await signUp('Serverless');
    const board = await createBoard(as(owner));
    const { response } = await openStream(owner, board.id, owner.workspaceId);
    expectProblemResponse(response, 503);
    expect((await response.json()).code).toBe('SERVICE_UNAVAILABLE');
  });
});

describe.runIf(streaming)('live board events (SSE fed by LISTEN/NOTIFY)', () => {
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
    expect(created).toEqual({ boardId: board.id, kind: 'ticket.created', ticketId: ticket.id, version: 1, columnId: a!.id });
    expect(created).not.toHaveProperty('tenantId');

    // A stale move fails and rolls back: NOTIFY is transactional, so nothing is heard.
    await api(as(owner), 'POST', `/tickets/${ticket.id}/move`, { version: 7, columnId: b!.id });
    ok(await api(as(owner), 'POST', `/tickets/${ticket.id}/move`, { version: 1, columnId: b!.id }));
    expect(dataOf(await stream.next())).toMatchObject({ kind: 'ticket.moved', ticketId: ticket.id, version: 2, columnId: b!.id, fromColumnId: a!.id });

    ok(await api(as(owner), 'PATCH', `/tickets/${ticket.id}`, { version: 2, title: 'renamed' }));
    expect(dataOf(await stream.next())).toMatchObject({ kind: 'ticket.updated', version: 3 });
    ok(await api(as(owner), 'POST', `/tickets/${ticket.id}/archive`, { version: 3 }));
    expect(dataOf(await stream.next())).toMatchObject({ kind: 'ticket.archived', fromColumnId: b!.id });
    ok(await api(as(owner), 'POST', `/tickets/${ticket.id}/restore`, { version: 4 }));
    expect(dataOf(await stream.next())).toMatchObject({ kind: 'ticket.restored', columnId: b!.id });
    ok(await api(as(owner), 'PATCH', `/columns/${a!.id}`, { wipLimit: 3 }));
    expect(dataOf(await stream.next())).toMatchObject({ kind: 'column.changed', columnId: a!.id });
    expect((await api(as(owner), 'DELETE', `/tickets/${ticket.id}`)).status).toBe(204);
    expect(dataOf(await stream.next())).toMatchObject({ kind: 'ticket.deleted', ticketId: ticket.id, fromColumnId: b!.id });
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
    const seen: string[] = [];
    const unsubscribe = await subscribeBoardEvents((event) => {
      if (event.boardId === board.id) seen.push(event.kind);
    });
    expect(unsubscribe).not.toBeNull();
    await createTicket(as(owner), board.columns[0]!.id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    unsubscribe!();
    await createTicket(as(owner), board.columns[0]!.id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual(['ticket.created']);
  });
});

function expectProblemResponse(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
}

describe('ticket activity', () => {
  it('is readable by a viewer, lists the ticket history newest first without request metadata, pages, and is tenant-scoped', async () => {
    const owner = await signUp('Owner');
    const stranger = await signUp('Stranger');
    const board = await createBoard(as(owner), { columns: ['A', 'B'] });
    const ticket = await createTicket(as(owner), board.columns[0]!.id);
    ok(await api(as(owner), 'POST', `/tickets/${ticket.id}/move`, { version: 1, columnId: board.columns[1]!.id }));
    ok(await api(as(owner), 'PATCH', `/tickets/${ticket.id}`, { version: 2, priority: 'high' }));
    const { caller: viewer } = await joinAs(owner, 'viewer');

    const first = ok(await api(viewer, 'GET', `/tickets/${ticket.id}/activity?limit=2`));
    expect(first.body.data.map((e: { action: string }) => e.action)).toEqual(['UPDATE', 'MOVE']);
    expect(first.body.data[0]).not.toHaveProperty('ip');
    expect(first.body.data[0]).not.toHaveProperty('userAgent');
    expect(first.body.data[0].changes.after).toMatchObject({ priority: 'high' });
    const second = ok(await api(viewer, 'GET', `/tickets/${ticket.id}/activity?limit=2&cursor=${first.body.nextCursor}`));
    expect(second.body.data.map((e: { action: string }) => e.action)).toEqual(['CREATE']);
    expect(second.body.nextCursor).toBeNull();

    expectProblem(await api(as(stranger), 'GET', `/tickets/${ticket.id}/activity`), 404, 'NOT_FOUND');
    expectProblem(await api(viewer, 'GET', `/tickets/${ticket.id}/activity?cursor=bogus`), 422, 'VALIDATION_FAILED');
  });
});
