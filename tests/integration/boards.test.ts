import { beforeAll, describe, expect, it } from 'vitest';
import { apiV1 } from '../../src/api/v1';
import { BoardDto, BoardViewDto, ColumnDto } from '../../src/modules/boards';
import { encodeCursor } from '../../src/server/db/cursor';
import { TicketSummaryDto } from '../../src/modules/tickets';
import { handle } from '../../src/server/http/handler';
import { api, as, signUp, type TestUser } from '../support/api';
import { columnOrder, createBoard, createTicket, expectProblem, joinAs, ok, warmUp } from '../support/fixtures';

beforeAll(warmUp);

type Column = { id: string; name: string; position: string; wipLimit: number | null; ticketCount: number };
const columnsOf = async (caller: Parameters<typeof api>[0], boardId: string) =>
  ok(await api(caller, 'GET', `/boards/${boardId}`)).body.columns as (Column & {
    tickets: { id: string }[];
    nextCursor: string | null;
  })[];

describe('boards', () => {
  it('creates a board with the default columns, a custom list, or none', async () => {
    const alice = await signUp('Alice');
    const standard = await createBoard(as(alice), { name: 'Roadmap', description: 'Q3 *plans*' });
    expect(standard).toMatchObject({ name: 'Roadmap', description: 'Q3 *plans*', archivedAt: null });
    expect(standard.columns.map((c) => c.name)).toEqual(['To do', 'In progress', 'Done']);
    expect(standard.columns.every((c) => c.wipLimit === null)).toBe(true);
    const positions = standard.columns.map((c) => c.position);
    expect([...positions].sort()).toEqual(positions);

    const custom = await createBoard(as(alice), { name: 'Custom', columns: ['Backlog', 'Doing', 'Review', 'Done'] });
    expect(custom.columns.map((c) => c.name)).toEqual(['Backlog', 'Doing', 'Review', 'Done']);
    expect((await columnsOf(as(alice), custom.id)).map((c) => c.name)).toEqual(['Backlog', 'Doing', 'Review', 'Done']);

    const empty = await createBoard(as(alice), { name: 'Empty', columns: [] });
    expect(empty.columns).toEqual([]);
    expect(await columnsOf(as(alice), empty.id)).toEqual([]);

    const invalid = expectProblem(await api(as(alice), 'POST', '/boards', { name: '' }), 422, 'VALIDATION_FAILED');
    expect(invalid.errors.map((e: { path: string }) => e.path)).toEqual(['body.name']);
    const badColumn = expectProblem(
      await api(as(alice), 'POST', '/boards', { name: 'x', columns: ['ok', ''] }),
      422,
      'VALIDATION_FAILED',
    );
    expect(badColumn.errors.map((e: { path: string }) => e.path)).toEqual(['body.columns.1']);
  });

  it('lists boards in creation order; archived ones only on request', async () => {
    const alice = await signUp('Alice');
    const a = await createBoard(as(alice), { name: 'A' });
    const b = await createBoard(as(alice), { name: 'B' });
    const c = await createBoard(as(alice), { name: 'C' });
    const ids = async (query = '') =>
      ok(await api(as(alice), 'GET', `/boards${query}`)).body.data.map((x: { id: string }) => x.id);
    expect(await ids()).toEqual([a.id, b.id, c.id]);
    ok(await api(as(alice), 'PATCH', `/boards/${b.id}`, { archived: true }));
    expect(await ids()).toEqual([a.id, c.id]);
    expect(await ids('?includeArchived=true')).toEqual([a.id, b.id, c.id]);
  });

  it('the board view: columns in order with counts, the first page per column and a cursor for the rest', async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice));
    const [todo, doing] = board.columns;
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await createTicket(as(alice), todo!.id, { title: `T${i}` }));
    const single = await createTicket(as(alice), doing!.id, { title: 'D0' });
    const archived = await createTicket(as(alice), doing!.id, { title: 'gone' });
    ok(await api(as(alice), 'POST', `/tickets/${archived.id}/archive`, { version: archived.version }));

    const view = ok(await api(as(alice), 'GET', `/boards/${board.id}?perColumn=2`)).body;
    expect(view.board).toMatchObject({ id: board.id, name: 'Board' });
    expect(view.columns.map((c: Column) => [c.name, c.ticketCount])).toEqual([
      ['To do', 5],
      ['In progress', 1],
      ['Done', 0],
    ]);
    expect(view.columns[0].tickets.map((t: { title: string }) => t.title)).toEqual(['T0', 'T1']);
    expect(view.columns[0].nextCursor).toEqual(expect.any(String));
    expect(view.columns[1].tickets.map((t: { id: string }) => t.id)).toEqual([single.id]);
    expect(view.columns[1].nextCursor).toBeNull();
    expect(view.columns[2]).toMatchObject({ tickets: [], nextCursor: null });

    // The cursor continues in GET /tickets?columnId=…
    const rest = ok(
      await api(as(alice), 'GET', `/tickets?columnId=${todo!.id}&limit=2&cursor=${view.columns[0].nextCursor}`),
    ).body;
    expect(rest.data.map((t: { title: string }) => t.title)).toEqual(['T2', 'T3']);
    const last = ok(
      await api(as(alice), 'GET', `/tickets?columnId=${todo!.id}&limit=2&cursor=${rest.nextCursor}`),
    ).body;
    expect(last.data.map((t: { title: string }) => t.title)).toEqual(['T4']);
    expect(last.nextCursor).toBeNull();
    expect(await columnOrder(as(alice), todo!.id)).toEqual(created.map((t) => t.id));

    // Exactly perColumn tickets: no cursor.
    const three = ok(await api(as(alice), 'GET', `/boards/${board.id}?perColumn=5`)).body;
    expect(three.columns[0].tickets).toHaveLength(5);
    expect(three.columns[0].nextCursor).toBeNull();
    expectProblem(await api(as(alice), 'GET', `/boards/${board.id}?perColumn=0`), 422, 'VALIDATION_FAILED');
    expectProblem(await api(as(alice), 'GET', `/boards/${crypto.randomUUID()}`), 404, 'NOT_FOUND');
  });

  it('the board view (JSON built by Postgres) says exactly what the per-resource endpoints say', async () => {
    const alice = await signUp('Alice');
    const tricky = 'Quote " backslash \\ tab \t newline \n cr \r \u2028 </script> ünï 😀 end';
    const board = await createBoard(as(alice), { name: tricky, description: `*${tricky}*`, columns: ['A', tricky] });
    const [a, b] = board.columns;
    ok(await api(as(alice), 'PATCH', `/columns/${b!.id}`, { wipLimit: 3 }));
    const t1 = await createTicket(as(alice), a!.id, {
      title: tricky,
      labels: ['x', 'quote"d', 'ü'],
      priority: 'urgent',
      dueDate: '2030-02-28',
      assigneeId: alice.id,
    });
    const t2 = await createTicket(as(alice), a!.id, { title: 'plain' });
    await createTicket(as(alice), a!.id, { title: 'third' });
    // An update stamps updated_at with microseconds: the view must print milliseconds like Date#toISOString.
    ok(await api(as(alice), 'PATCH', `/tickets/${t2.id}`, { version: t2.version, title: 'edited' }));
    await createTicket(as(alice), b!.id, { title: 'in B' });

    const text = await rawBoardView(alice, board.id, 2);
    // Compact JSON in the schema's key order, as JSON.stringify of the DTOs used to produce.
    const view = JSON.parse(text);
    expect(JSON.stringify(view)).toBe(text);
    expect(BoardViewDto.parse(view)).toEqual(view);
    expect(Object.keys(view.board)).toEqual(Object.keys(BoardDto.shape));
    expect(Object.keys(view.columns[0])).toEqual([...Object.keys(ColumnDto.shape), 'tickets', 'nextCursor']);
    expect(Object.keys(view.columns[0].tickets[0])).toEqual(Object.keys(TicketSummaryDto.shape));

    const listed = ok(await api(as(alice), 'GET', '/boards')).body.data.find((x: { id: string }) => x.id === board.id);
    expect(view.board).toEqual(listed);
    expect(view.columns.map((c: Column) => [c.name, c.wipLimit, c.ticketCount])).toEqual([
      ['A', null, 3],
      [tricky, 3, 1],
    ]);
    const pick = (t: Record<string, unknown>) =>
      Object.fromEntries(Object.keys(TicketSummaryDto.shape).map((k) => [k, t[k]]));
    for (const column of view.columns) {
      for (const card of column.tickets)
        expect(card).toEqual(pick(ok(await api(as(alice), 'GET', `/tickets/${card.id}`)).body));
    }
    expect(view.columns[0].tickets.map((t: { id: string }) => t.id)).toEqual([t1.id, t2.id]);
    expect(view.columns[0].tickets[1].updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(view.columns[0].nextCursor).toBe(encodeCursor([view.columns[0].tickets[1].position, t2.id]));
    expect(view.columns[1].nextCursor).toBeNull();
  });

  it('rename, describe, archive, restore', async () => {
    const alice = await signUp('Alice');
    const { caller: member } = await joinAs(alice, 'member');
    const board = await createBoard(as(alice));
    const renamed = ok(await api(member, 'PATCH', `/boards/${board.id}`, { name: 'Renamed', description: 'New' })).body;
    expect(renamed).toMatchObject({ id: board.id, name: 'Renamed', description: 'New', archivedAt: null });
    const archived = ok(await api(member, 'PATCH', `/boards/${board.id}`, { archived: true })).body;
    expect(archived.archivedAt).toEqual(expect.any(String));
    // Archiving again keeps the first timestamp.
    expect(ok(await api(member, 'PATCH', `/boards/${board.id}`, { archived: true })).body.archivedAt).toBe(
      archived.archivedAt,
    );
    // An archived board can still be opened.
    expect(ok(await api(member, 'GET', `/boards/${board.id}`)).body.board.archivedAt).toBe(archived.archivedAt);
    const restored = ok(await api(member, 'PATCH', `/boards/${board.id}`, { archived: false })).body;
    expect(restored).toMatchObject({ name: 'Renamed', archivedAt: null });
    expectProblem(await api(member, 'PATCH', `/boards/${board.id}`, {}), 422, 'VALIDATION_FAILED');
    expectProblem(await api(member, 'PATCH', `/boards/${crypto.randomUUID()}`, { name: 'x' }), 404, 'NOT_FOUND');
  });

  it('delete: admins and owners only; the board and its tickets are gone', async () => {
    const alice = await signUp('Alice');
    const { caller: member } = await joinAs(alice, 'member');
    const { caller: admin } = await joinAs(alice, 'admin');
    const board = await createBoard(as(alice));
    const ticket = await createTicket(member, board.columns[0]!.id);
    ok(await api(member, 'POST', `/tickets/${ticket.id}/comments`, { body: 'hi' }), 201);
    expectProblem(await api(member, 'DELETE', `/boards/${board.id}`), 403, 'FORBIDDEN');
    expect((await api(admin, 'DELETE', `/boards/${board.id}`)).status).toBe(204);
    expectProblem(await api(as(alice), 'GET', `/boards/${board.id}`), 404, 'NOT_FOUND');
    expectProblem(await api(as(alice), 'GET', `/tickets/${ticket.id}`), 404, 'NOT_FOUND');
    expectProblem(await api(as(alice), 'GET', `/tickets/${ticket.id}/comments`), 404, 'NOT_FOUND');
    expectProblem(
      await api(as(alice), 'POST', '/tickets', { columnId: board.columns[0]!.id, title: 'x' }),
      404,
      'NOT_FOUND',
    );
    expect(ok(await api(as(alice), 'GET', '/tickets')).body.data).toEqual([]);
    expectProblem(await api(admin, 'DELETE', `/boards/${board.id}`), 404, 'NOT_FOUND');
  });
});

describe('columns', () => {
  it('adds a column at the end, after another, or first; reorders', async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice), { columns: ['A', 'B'] });
    const [a, b] = board.columns;
    const names = async () => (await columnsOf(as(alice), board.id)).map((c) => c.name);

    const end = ok(await api(as(alice), 'POST', `/boards/${board.id}/columns`, { name: 'End' }), 201).body;
    expect(end).toMatchObject({ boardId: board.id, name: 'End', wipLimit: null, ticketCount: 0 });
    expect(await names()).toEqual(['A', 'B', 'End']);
    ok(await api(as(alice), 'POST', `/boards/${board.id}/columns`, { name: 'AfterA', afterColumnId: a!.id }), 201);
    expect(await names()).toEqual(['A', 'AfterA', 'B', 'End']);
    ok(
      await api(as(alice), 'POST', `/boards/${board.id}/columns`, { name: 'First', afterColumnId: null, wipLimit: 3 }),
      201,
    );
    expect(await names()).toEqual(['First', 'A', 'AfterA', 'B', 'End']);
    ok(await api(as(alice), 'POST', `/boards/${board.id}/columns`, { name: 'AfterEnd', afterColumnId: end.id }), 201);
    expect(await names()).toEqual(['First', 'A', 'AfterA', 'B', 'End', 'AfterEnd']);

    // Reorder: B first, then A after End, then rename.
    ok(await api(as(alice), 'PATCH', `/columns/${b!.id}`, { afterColumnId: null }));
    expect(await names()).toEqual(['B', 'First', 'A', 'AfterA', 'End', 'AfterEnd']);
    ok(await api(as(alice), 'PATCH', `/columns/${a!.id}`, { afterColumnId: end.id }));
    expect(await names()).toEqual(['B', 'First', 'AfterA', 'End', 'A', 'AfterEnd']);
    // Moving a column after its own predecessor keeps it where it is.
    ok(await api(as(alice), 'PATCH', `/columns/${a!.id}`, { afterColumnId: end.id }));
    expect(await names()).toEqual(['B', 'First', 'AfterA', 'End', 'A', 'AfterEnd']);
    const renamed = ok(await api(as(alice), 'PATCH', `/columns/${a!.id}`, { name: 'Alpha' })).body;
    expect(renamed).toMatchObject({ id: a!.id, name: 'Alpha' });
    expect(await names()).toEqual(['B', 'First', 'AfterA', 'End', 'Alpha', 'AfterEnd']);

    const self = expectProblem(
      await api(as(alice), 'PATCH', `/columns/${a!.id}`, { afterColumnId: a!.id }),
      422,
      'VALIDATION_FAILED',
    );
    expect(self.errors[0].path).toBe('body.afterColumnId');
    const other = await createBoard(as(alice));
    const foreign = expectProblem(
      await api(as(alice), 'POST', `/boards/${board.id}/columns`, { name: 'x', afterColumnId: other.columns[0]!.id }),
      422,
      'VALIDATION_FAILED',
    );
    expect(foreign.errors[0].path).toBe('body.afterColumnId');
    expectProblem(
      await api(as(alice), 'POST', `/boards/${crypto.randomUUID()}/columns`, { name: 'x' }),
      404,
      'NOT_FOUND',
    );
    expectProblem(await api(as(alice), 'PATCH', `/columns/${crypto.randomUUID()}`, { name: 'x' }), 404, 'NOT_FOUND');
  });

  it('column management needs admin: members get 403', async () => {
    const alice = await signUp('Alice');
    const { caller: member } = await joinAs(alice, 'member');
    const board = await createBoard(as(alice));
    expectProblem(await api(member, 'POST', `/boards/${board.id}/columns`, { name: 'x' }), 403, 'FORBIDDEN');
    expectProblem(await api(member, 'PATCH', `/columns/${board.columns[0]!.id}`, { name: 'x' }), 403, 'FORBIDDEN');
    expectProblem(await api(member, 'DELETE', `/columns/${board.columns[2]!.id}`), 403, 'FORBIDDEN');
    expect((await columnsOf(as(alice), board.id)).map((c) => c.name)).toEqual(['To do', 'In progress', 'Done']);
  });

  it('WIP limit: enforced on create, on moves from another column and on restore, not on moves within the column', async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice));
    const [todo, doing] = board.columns;
    const set = ok(await api(as(alice), 'PATCH', `/columns/${doing!.id}`, { wipLimit: 2 })).body;
    expect(set.wipLimit).toBe(2);
    const x = await createTicket(as(alice), doing!.id, { title: 'x' });
    const y = await createTicket(as(alice), doing!.id, { title: 'y' });

    const full = expectProblem(
      await api(as(alice), 'POST', '/tickets', { columnId: doing!.id, title: 'z' }),
      409,
      'WIP_LIMIT_EXCEEDED',
    );
    expect(full).toMatchObject({ columnId: doing!.id, wipLimit: 2 });

    const waiting = await createTicket(as(alice), todo!.id, { title: 'waiting' });
    expectProblem(
      await api(as(alice), 'POST', `/tickets/${waiting.id}/move`, { version: waiting.version, columnId: doing!.id }),
      409,
      'WIP_LIMIT_EXCEEDED',
    );
    expect(ok(await api(as(alice), 'GET', `/tickets/${waiting.id}`)).body).toMatchObject({
      columnId: todo!.id,
      version: waiting.version,
    });

    // Reordering inside the full column is fine.
    const moved = ok(
      await api(as(alice), 'POST', `/tickets/${y.id}/move`, {
        version: y.version,
        columnId: doing!.id,
        beforeId: x.id,
      }),
    ).body;
    expect(moved.columnId).toBe(doing!.id);
    expect(await columnOrder(as(alice), doing!.id)).toEqual([y.id, x.id]);

    // Archived tickets do not count; restoring into a full column is refused.
    const archived = ok(await api(as(alice), 'POST', `/tickets/${x.id}/archive`, { version: x.version })).body;
    const z = await createTicket(as(alice), doing!.id, { title: 'z' });
    expectProblem(
      await api(as(alice), 'POST', `/tickets/${archived.id}/restore`, { version: archived.version }),
      409,
      'WIP_LIMIT_EXCEEDED',
    );

    // Raising the limit lets the waiting ticket in; clearing it removes the cap.
    ok(await api(as(alice), 'PATCH', `/columns/${doing!.id}`, { wipLimit: 3 }));
    ok(
      await api(as(alice), 'POST', `/tickets/${waiting.id}/move`, {
        version: waiting.version,
        columnId: doing!.id,
        afterId: z.id,
      }),
    );
    ok(await api(as(alice), 'PATCH', `/columns/${doing!.id}`, { wipLimit: null }));
    ok(await api(as(alice), 'POST', `/tickets/${archived.id}/restore`, { version: archived.version }));
    expect(await columnOrder(as(alice), doing!.id)).toEqual([y.id, z.id, waiting.id, x.id]);

    const zero = expectProblem(
      await api(as(alice), 'PATCH', `/columns/${doing!.id}`, { wipLimit: 0 }),
      422,
      'VALIDATION_FAILED',
    );
    expect(zero.errors[0].path).toBe('body.wipLimit');
  });

  it('delete: a column with tickets (even archived ones) → 409; an empty one goes', async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice));
    const [todo, , done] = board.columns;
    const ticket = await createTicket(as(alice), todo!.id);
    const refused = expectProblem(await api(as(alice), 'DELETE', `/columns/${todo!.id}`), 409, 'CONFLICT');
    expect(refused.ticketCount).toBe(1);
    const archived = ok(
      await api(as(alice), 'POST', `/tickets/${ticket.id}/archive`, { version: ticket.version }),
    ).body;
    expect(archived.archivedAt).not.toBeNull();
    expectProblem(await api(as(alice), 'DELETE', `/columns/${todo!.id}`), 409, 'CONFLICT');
    expect((await api(as(alice), 'DELETE', `/columns/${done!.id}`)).status).toBe(204);
    expect((await columnsOf(as(alice), board.id)).map((c) => c.name)).toEqual(['To do', 'In progress']);
    expectProblem(await api(as(alice), 'DELETE', `/columns/${done!.id}`), 404, 'NOT_FOUND');
    expect(ok(await api(as(alice), 'GET', `/tickets/${ticket.id}`)).body.columnId).toBe(todo!.id);
  });
});

/** GET /boards/{id} as the exact text the server sends. */
async function rawBoardView(user: TestUser, boardId: string, perColumn: number): Promise<string> {
  const endpoint = apiV1.find((e) => e.operationId === 'getBoard')!;
  const request = new Request(`http://localhost/api/v1/boards/${boardId}?perColumn=${perColumn}`, {
    headers: { cookie: user.cookie, 'x-tika-workspace': user.workspaceId },
  });
  const response = await handle(endpoint)(request, { params: Promise.resolve({ boardId }) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json');
  return response.text();
}
