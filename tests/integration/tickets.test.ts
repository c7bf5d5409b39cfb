import { beforeAll, describe, expect, it } from 'vitest';
import { api, as, signUp, type ApiResponse, type Caller } from '../support/api';
import {
  boardOrder,
  columnOrder,
  createBoard,
  createTicket,
  expectProblem,
  joinAs,
  ok,
  prng,
  type TicketDto,
  warmUp,
} from '../support/fixtures';

beforeAll(warmUp);

const get = async (caller: Caller, id: string) => ok(await api(caller, 'GET', `/tickets/${id}`)).body as TicketDto;
const move = (caller: Caller, id: string, body: Record<string, unknown>) =>
  api(caller, 'POST', `/tickets/${id}/move`, body);

async function listAll(caller: Caller, query: string, limit: number): Promise<TicketDto[]> {
  const rows: TicketDto[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response: ApiResponse = ok(
      await api(
        caller,
        'GET',
        `/tickets?limit=${limit}${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
      ),
    );
    expect(response.body.data.length).toBeLessThanOrEqual(limit);
    if (response.body.nextCursor) expect(response.body.data).toHaveLength(limit);
    rows.push(...response.body.data);
    cursor = response.body.nextCursor;
    if (++pages > 1000) throw new Error('pagination does not end');
  } while (cursor);
  return rows;
}

describe('tickets: create', () => {
  it('bug 6: one placement rule for the API and the UI — the bottom by default, the top on request', async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice));
    const col = board.columns[0]!.id;
    const first = await createTicket(as(alice), col, { title: 'first' });
    const second = await createTicket(as(alice), col, { title: 'second' });
    const bottom = await createTicket(as(alice), col, { title: 'bottom', placement: 'bottom' });
    const top = await createTicket(as(alice), col, { title: 'top', placement: 'top' });
    expect(await columnOrder(as(alice), col)).toEqual([top.id, first.id, second.id, bottom.id]);
    // A move can name an end too, and a neighbour wins over it.
    const other = board.columns[1]!.id;
    const there = await createTicket(as(alice), other, { title: 'there' });
    ok(await move(as(alice), second.id, { version: 1, columnId: other, placement: 'top' }));
    expect(await columnOrder(as(alice), other)).toEqual([second.id, there.id]);
    ok(await move(as(alice), first.id, { version: 1, columnId: other, afterId: there.id, placement: 'top' }));
    expect(await columnOrder(as(alice), other)).toEqual([second.id, there.id, first.id]);
    await expectProblem(
      await api(as(alice), 'POST', '/tickets', { columnId: col, title: 'x', placement: 'middle' }),
      422,
      'VALIDATION_FAILED',
    );
  });

  it('places at the end by default, after a ticket, or before a ticket', async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice));
    const col = board.columns[0]!.id;
    const a = await createTicket(as(alice), col, { title: 'a' });
    const c = await createTicket(as(alice), col, { title: 'c' });
    const b = await createTicket(as(alice), col, { title: 'b', afterId: a.id });
    const first = await createTicket(as(alice), col, { title: 'first', beforeId: a.id });
    const d = await createTicket(as(alice), col, { title: 'd', afterId: c.id });
    const bb = await createTicket(as(alice), col, { title: 'bb', beforeId: c.id });
    const expected = [first.id, a.id, b.id, bb.id, c.id, d.id];
    expect(await columnOrder(as(alice), col)).toEqual(expected);
    expect((await boardOrder(as(alice), board.id))[col]).toEqual(expected);
    // Positions themselves are in byte order.
    const positions = await Promise.all(expected.map(async (id) => (await get(as(alice), id)).position));
    expect([...positions].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))).toEqual(positions);

    // A neighbour that is not in this column → 409 (stale view); in an unknown column → 404.
    const other = await createTicket(as(alice), board.columns[1]!.id);
    expectProblem(
      await api(as(alice), 'POST', '/tickets', { columnId: col, title: 'x', afterId: other.id }),
      409,
      'CONFLICT',
    );
    expectProblem(
      await api(as(alice), 'POST', '/tickets', { columnId: col, title: 'x', beforeId: crypto.randomUUID() }),
      409,
      'CONFLICT',
    );
    expectProblem(
      await api(as(alice), 'POST', '/tickets', { columnId: crypto.randomUUID(), title: 'x' }),
      404,
      'NOT_FOUND',
    );
    expect(await columnOrder(as(alice), col)).toEqual(expected);
  });

  it('stores every field: markdown description, priority, assignee, labels (deduplicated), due date', async () => {
    const alice = await signUp('Alice');
    const { user: bob } = await joinAs(alice, 'member', 'Bob');
    const board = await createBoard(as(alice));
    const description =
      '# Steps\n\n1. Open **login**\n2. Click `Submit`\n\n\t- [ ] fix it\n\n> quoted _text_ [link](https://example.com)';
    const ticket = await createTicket(as(alice), board.columns[0]!.id, {
      title: '  Login button broken  ',
      description,
      priority: 'urgent',
      assigneeId: bob.id,
      labels: ['bug', 'ui', 'bug', ' ui ', 'frontend'],
      dueDate: '2030-02-28',
    });
    expect(ticket).toMatchObject({
      boardId: board.id,
      columnId: board.columns[0]!.id,
      title: 'Login button broken',
      description,
      priority: 'urgent',
      assigneeId: bob.id,
      labels: ['bug', 'ui', 'frontend'],
      dueDate: '2030-02-28',
      version: 1,
      archivedAt: null,
      createdBy: alice.id,
    });
    expect(await get(as(alice), ticket.id)).toEqual(ticket);

    const defaults = await createTicket(as(alice), board.columns[0]!.id, { title: 'Plain' });
    expect(defaults).toMatchObject({ description: '', priority: 'none', assigneeId: null, labels: [], dueDate: null });
  });

  it('rejects invalid input with field paths (422)', async () => {
    const alice = await signUp('Alice');
    const stranger = await signUp('Stranger');
    const board = await createBoard(as(alice));
    const col = board.columns[0]!.id;
    const paths = async (body: Record<string, unknown>) =>
      expectProblem(
        await api(as(alice), 'POST', '/tickets', { columnId: col, title: 'x', ...body }),
        422,
        'VALIDATION_FAILED',
      ).errors.map((e: { path: string }) => e.path);
    expect(await paths({ assigneeId: stranger.id })).toEqual(['body.assigneeId']);
    expect(await paths({ title: '   ' })).toEqual(['body.title']);
    expect(await paths({ title: 'x'.repeat(201) })).toEqual(['body.title']);
    expect(await paths({ description: 'bell \u0007' })).toEqual(['body.description']);
    expect(await paths({ priority: 'critical' })).toEqual(['body.priority']);
    expect(await paths({ dueDate: '2030-02-30' })).toEqual(['body.dueDate']);
    expect(await paths({ labels: ['a,b'] })).toEqual(['body.labels.0']);
    expect(await paths({ columnId: 'not-a-uuid' })).toEqual(['body.columnId']);
    expect(ok(await api(as(alice), 'GET', '/tickets')).body.data).toEqual([]);
  });
});

describe('tickets: update', () => {
  it('updates with the current version; a stale version → 409 VERSION_CONFLICT with currentVersion', async () => {
    const alice = await signUp('Alice');
    const { user: bob, caller: member } = await joinAs(alice, 'member', 'Bob');
    const board = await createBoard(as(alice));
    const ticket = await createTicket(as(alice), board.columns[0]!.id, {
      title: 'v1',
      labels: ['a'],
      dueDate: '2030-01-01',
    });

    const v2 = ok(
      await api(member, 'PATCH', `/tickets/${ticket.id}`, {
        version: 1,
        title: 'v2',
        priority: 'high',
        assigneeId: bob.id,
        labels: ['x', 'x', 'y'],
      }),
    ).body;
    expect(v2).toMatchObject({
      version: 2,
      title: 'v2',
      priority: 'high',
      assigneeId: bob.id,
      labels: ['x', 'y'],
      dueDate: '2030-01-01',
      description: '',
    });

    const stale = expectProblem(
      await api(as(alice), 'PATCH', `/tickets/${ticket.id}`, { version: 1, title: 'lost update' }),
      409,
      'VERSION_CONFLICT',
    );
    expect(stale.currentVersion).toBe(2);
    expect((await get(as(alice), ticket.id)).title).toBe('v2');

    const v3 = ok(
      await api(as(alice), 'PATCH', `/tickets/${ticket.id}`, {
        version: 2,
        assigneeId: null,
        dueDate: null,
        description: 'now *with* text',
      }),
    ).body;
    expect(v3).toMatchObject({
      version: 3,
      title: 'v2',
      assigneeId: null,
      dueDate: null,
      description: 'now *with* text',
      labels: ['x', 'y'],
    });

    const outsider = await signUp('Outsider');
    const notMember = expectProblem(
      await api(as(alice), 'PATCH', `/tickets/${ticket.id}`, { version: 3, assigneeId: outsider.id }),
      422,
      'VALIDATION_FAILED',
    );
    expect(notMember.errors.map((e: { path: string }) => e.path)).toEqual(['body.assigneeId']);
    expect((await get(as(alice), ticket.id)).version).toBe(3);
    const noVersion = expectProblem(
      await api(as(alice), 'PATCH', `/tickets/${ticket.id}`, { title: 'x' }),
      422,
      'VALIDATION_FAILED',
    );
    expect(noVersion.errors.map((e: { path: string }) => e.path)).toEqual(['body.version']);
    expectProblem(
      await api(as(alice), 'PATCH', `/tickets/${crypto.randomUUID()}`, { version: 1, title: 'x' }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('tickets: move', () => {
  it('moves within a column and between columns, between two named neighbours', async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice));
    const [todo, doing] = board.columns.map((c) => c.id) as [string, string];
    const t: TicketDto[] = [];
    for (const title of ['a', 'b', 'c', 'd']) t.push(await createTicket(as(alice), todo, { title }));
    const x = await createTicket(as(alice), doing, { title: 'x' });
    const y = await createTicket(as(alice), doing, { title: 'y' });
    const [a, b, c, d] = t as [TicketDto, TicketDto, TicketDto, TicketDto];

    // Within the column: d between a and b.
    const moved = ok(await move(as(alice), d.id, { version: d.version, columnId: todo, afterId: a.id })).body;
    expect(moved).toMatchObject({ columnId: todo, version: d.version + 1 });
    expect(await columnOrder(as(alice), todo)).toEqual([a.id, d.id, b.id, c.id]);
    // To the front with beforeId.
    ok(await move(as(alice), c.id, { version: c.version, columnId: todo, beforeId: a.id }));
    expect(await columnOrder(as(alice), todo)).toEqual([c.id, a.id, d.id, b.id]);

    // Between columns: a between x and y.
    ok(await move(as(alice), a.id, { version: a.version, columnId: doing, afterId: x.id }));
    // b to the end of doing (no neighbour).
    ok(await move(as(alice), b.id, { version: b.version, columnId: doing }));
    const view = await boardOrder(as(alice), board.id);
    expect(view[todo]).toEqual([c.id, d.id]);
    expect(view[doing]).toEqual([x.id, a.id, y.id, b.id]);
    expect(await columnOrder(as(alice), doing)).toEqual([x.id, a.id, y.id, b.id]);
    const counts = ok(await api(as(alice), 'GET', `/boards/${board.id}`)).body.columns.map(
      (col: { ticketCount: number }) => col.ticketCount,
    );
    expect(counts).toEqual([2, 4, 0]);
    expect((await get(as(alice), a.id)).columnId).toBe(doing);
  });

  it('rejects bad moves: another board (422), self neighbour (422), stale neighbour (409), archived (409), both neighbours (422)', async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice));
    const other = await createBoard(as(alice));
    const [todo, doing] = board.columns.map((c) => c.id) as [string, string];
    const a = await createTicket(as(alice), todo, { title: 'a' });
    const b = await createTicket(as(alice), todo, { title: 'b' });
    const elsewhere = await createTicket(as(alice), doing, { title: 'elsewhere' });

    const cross = expectProblem(
      await move(as(alice), a.id, { version: 1, columnId: other.columns[0]!.id }),
      422,
      'VALIDATION_FAILED',
    );
    expect(cross.errors[0].path).toBe('body.columnId');
    const self = expectProblem(
      await move(as(alice), a.id, { version: 1, columnId: todo, afterId: a.id }),
      422,
      'VALIDATION_FAILED',
    );
    expect(self.errors[0].path).toBe('body.afterId');
    const stale = expectProblem(
      await move(as(alice), a.id, { version: 1, columnId: todo, afterId: elsewhere.id }),
      409,
      'CONFLICT',
    );
    expect(stale.field).toBe('body.afterId');
    expectProblem(
      await move(as(alice), a.id, { version: 1, columnId: todo, afterId: b.id, beforeId: b.id }),
      422,
      'VALIDATION_FAILED',
    );
    expectProblem(await move(as(alice), a.id, { version: 1, columnId: crypto.randomUUID() }), 404, 'NOT_FOUND');
    expectProblem(await move(as(alice), crypto.randomUUID(), { version: 1, columnId: todo }), 404, 'NOT_FOUND');
    const staleVersion = expectProblem(
      await move(as(alice), a.id, { version: 7, columnId: doing }),
      409,
      'VERSION_CONFLICT',
    );
    expect(staleVersion.currentVersion).toBe(1);

    const archived = ok(await api(as(alice), 'POST', `/tickets/${b.id}/archive`, { version: b.version })).body;
    expectProblem(await move(as(alice), b.id, { version: archived.version, columnId: doing }), 409, 'CONFLICT');
    // An archived ticket is no neighbour either.
    expectProblem(await move(as(alice), a.id, { version: 1, columnId: todo, afterId: b.id }), 409, 'CONFLICT');
    expect(await get(as(alice), a.id)).toMatchObject({ columnId: todo, version: 1 });
  });

  it('200 random moves keep the same order as an in-test model', async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice), { columns: ['A', 'B', 'C'] });
    const columns = board.columns.map((c) => c.id);
    const model = new Map<string, string[]>(columns.map((id) => [id, []]));
    const version = new Map<string, number>();
    const where = new Map<string, string>();
    for (let i = 0; i < 12; i++) {
      const column = columns[i % 3]!;
      const ticket = await createTicket(as(alice), column, { title: `t${i}` });
      model.get(column)!.push(ticket.id);
      version.set(ticket.id, ticket.version);
      where.set(ticket.id, column);
    }
    const ids = [...version.keys()];
    const random = prng(20240601);

    const check = async () => {
      const view = await boardOrder(as(alice), board.id);
      for (const column of columns) {
        expect(view[column], `board view of ${column}`).toEqual(model.get(column));
        expect(await columnOrder(as(alice), column, 5), `list of ${column}`).toEqual(model.get(column));
      }
    };

    for (let step = 0; step < 200; step++) {
      const id = random.pick(ids);
      const target = random.pick(columns);
      const source = model.get(where.get(id)!)!;
      source.splice(source.indexOf(id), 1);
      const list = model.get(target)!;
      const index = random.int(list.length + 1);
      const body: Record<string, unknown> = { version: version.get(id), columnId: target };
      const style = random.int(3);
      if (index === list.length && (style === 0 || list.length === 0)) {
        // no neighbour: the end
      } else if (index > 0 && (style !== 2 || index === list.length)) body.afterId = list[index - 1];
      else body.beforeId = list[index];
      list.splice(index, 0, id);
      where.set(id, target);
      const response = await move(as(alice), id, body);
      expect(response.status, `step ${step}: ${JSON.stringify(body)} → ${JSON.stringify(response.body)}`).toBe(200);
      version.set(id, response.body.version);
      if (step % 50 === 49) await check();
    }
    await check();
  }, 120_000);

  it('concurrent moves of the same ticket at the same version: exactly one wins, the other gets 409', async () => {
    const alice = await signUp('Alice');
    const { caller: bob } = await joinAs(alice, 'member', 'Bob');
    const board = await createBoard(as(alice));
    const [todo, doing, done] = board.columns.map((c) => c.id) as [string, string, string];
    for (let round = 0; round < 3; round++) {
      const ticket = await createTicket(as(alice), todo, { title: `race ${round}` });
      const results = await Promise.all([
        move(as(alice), ticket.id, { version: ticket.version, columnId: round === 2 ? doing : done }),
        move(bob, ticket.id, { version: ticket.version, columnId: doing }),
      ]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses, JSON.stringify(results.map((r) => r.body))).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!;
      const loser = results.find((r) => r.status === 409)!;
      expectProblem(loser, 409, 'VERSION_CONFLICT');
      expect(loser.body.currentVersion).toBe(ticket.version + 1);
      const current = await get(as(alice), ticket.id);
      expect(current).toMatchObject({ version: ticket.version + 1, columnId: winner.body.columnId });
    }
  });

  it('concurrent creates at the end of one column all land, in distinct positions', async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice));
    const col = board.columns[0]!.id;
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api(as(alice), 'POST', '/tickets', { columnId: col, title: `c${i}` })),
    );
    expect(created.map((r) => r.status)).toEqual(Array(8).fill(201));
    const positions = created.map((r) => r.body.position);
    expect(new Set(positions).size).toBe(8);
    const order = await columnOrder(as(alice), col);
    expect(order).toHaveLength(8);
    const byPosition = [...created]
      .sort((x, y) => Buffer.compare(Buffer.from(x.body.position), Buffer.from(y.body.position)))
      .map((r) => r.body.id);
    expect(order).toEqual(byPosition);
  });
});

describe('tickets: archive, restore, delete', () => {
  it('archive hides a ticket; restore puts it back at the end of its column', async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice));
    const col = board.columns[0]!.id;
    const [a, b, c] = [
      await createTicket(as(alice), col, { title: 'a' }),
      await createTicket(as(alice), col, { title: 'b' }),
      await createTicket(as(alice), col, { title: 'c' }),
    ];
    const archived = ok(await api(as(alice), 'POST', `/tickets/${a.id}/archive`, { version: a.version })).body;
    expect(archived).toMatchObject({ version: 2, archivedAt: expect.any(String) });
    expect(await columnOrder(as(alice), col)).toEqual([b.id, c.id]);
    expect(ok(await api(as(alice), 'GET', `/tickets?archived=true`)).body.data.map((t: TicketDto) => t.id)).toEqual([
      a.id,
    ]);
    expectProblem(await api(as(alice), 'POST', `/tickets/${a.id}/archive`, { version: 2 }), 409, 'CONFLICT');
    expectProblem(await api(as(alice), 'POST', `/tickets/${a.id}/restore`, { version: 1 }), 409, 'VERSION_CONFLICT');
    expectProblem(await api(as(alice), 'POST', `/tickets/${b.id}/restore`, { version: b.version }), 409, 'CONFLICT');

    const restored = ok(await api(as(alice), 'POST', `/tickets/${a.id}/restore`, { version: 2 })).body;
    expect(restored).toMatchObject({ version: 3, archivedAt: null, columnId: col });
    expect(await columnOrder(as(alice), col)).toEqual([b.id, c.id, a.id]);
    expect((await boardOrder(as(alice), board.id))[col]).toEqual([b.id, c.id, a.id]);
  });

  it('delete: admins only (member 403); the ticket and its comments are gone', async () => {
    const alice = await signUp('Alice');
    const { caller: member } = await joinAs(alice, 'member');
    const { caller: admin } = await joinAs(alice, 'admin');
    const board = await createBoard(as(alice));
    const ticket = await createTicket(member, board.columns[0]!.id);
    ok(await api(member, 'POST', `/tickets/${ticket.id}/comments`, { body: 'note' }), 201);
    expectProblem(await api(member, 'DELETE', `/tickets/${ticket.id}`), 403, 'FORBIDDEN');
    expect((await get(as(alice), ticket.id)).id).toBe(ticket.id);
    expect((await api(admin, 'DELETE', `/tickets/${ticket.id}`)).status).toBe(204);
    expectProblem(await api(as(alice), 'GET', `/tickets/${ticket.id}`), 404, 'NOT_FOUND');
    expectProblem(await api(as(alice), 'GET', `/tickets/${ticket.id}/comments`), 404, 'NOT_FOUND');
    expectProblem(await api(admin, 'DELETE', `/tickets/${ticket.id}`), 404, 'NOT_FOUND');
    expect(await columnOrder(as(alice), board.columns[0]!.id)).toEqual([]);
  });
});

describe('tickets: list', () => {
  it('filters by assignee, label, priority, text, archived, due dates and board', async () => {
    const alice = await signUp('Alice');
    const { user: bob } = await joinAs(alice, 'member', 'Bob');
    const boardA = await createBoard(as(alice), { name: 'A' });
    const boardB = await createBoard(as(alice), { name: 'B' });
    const colA = boardA.columns[0]!.id;
    const t1 = await createTicket(as(alice), colA, {
      title: 'Login button broken',
      assigneeId: alice.id,
      labels: ['bug', 'ui'],
      priority: 'high',
      dueDate: '2030-01-10',
    });
    const t2 = await createTicket(as(alice), colA, {
      title: 'Slow page',
      description: 'Affects 100% of users',
      assigneeId: bob.id,
      labels: ['bug'],
      priority: 'low',
      dueDate: '2030-02-01',
    });
    const t3 = await createTicket(as(alice), boardB.columns[1]!.id, {
      title: 'Dark mode',
      labels: ['feature'],
      priority: 'high',
    });
    const t4 = await createTicket(as(alice), colA, { title: 'Old LOGIN bug', labels: ['bug'], dueDate: '2030-01-20' });
    ok(await api(as(alice), 'POST', `/tickets/${t4.id}/archive`, { version: t4.version }));

    const ids = async (query: string) =>
      new Set(ok(await api(as(alice), 'GET', `/tickets?${query}`)).body.data.map((t: TicketDto) => t.id));
    expect(await ids('')).toEqual(new Set([t1.id, t2.id, t3.id]));
    expect(await ids(`assigneeId=${alice.id}`)).toEqual(new Set([t1.id]));
    expect(await ids(`assigneeId=${bob.id}`)).toEqual(new Set([t2.id]));
    expect(await ids('label=bug')).toEqual(new Set([t1.id, t2.id]));
    expect(await ids('label=ui')).toEqual(new Set([t1.id]));
    expect(await ids('label=bu')).toEqual(new Set());
    expect(await ids('priority=high')).toEqual(new Set([t1.id, t3.id]));
    expect(await ids('q=login')).toEqual(new Set([t1.id]));
    expect(await ids('q=LOGIN&archived=true')).toEqual(new Set([t4.id]));
    expect(await ids(`q=${encodeURIComponent('100%')}`)).toEqual(new Set([t2.id]));
    expect(await ids('q=%25')).toEqual(new Set([t2.id])); // a literal %, not a wildcard
    expect(await ids('q=_')).toEqual(new Set()); // a literal _, not a wildcard
    expect(await ids('archived=true')).toEqual(new Set([t4.id]));
    expect(await ids('dueBefore=2030-01-31')).toEqual(new Set([t1.id]));
    expect(await ids('dueAfter=2030-01-10')).toEqual(new Set([t1.id, t2.id]));
    expect(await ids('dueAfter=2030-01-11&dueBefore=2030-02-01')).toEqual(new Set([t2.id]));
    expect(await ids(`boardId=${boardB.id}`)).toEqual(new Set([t3.id]));
    expect(await ids(`boardId=${boardA.id}&label=bug&priority=low`)).toEqual(new Set([t2.id]));
    expect(await ids(`columnId=${colA}`)).toEqual(new Set([t1.id, t2.id]));

    for (const [query, path] of [
      ['priority=critical', 'query.priority'],
      ['dueBefore=tomorrow', 'query.dueBefore'],
      ['boardId=nope', 'query.boardId'],
      ['limit=0', 'query.limit'],
      ['limit=201', 'query.limit'],
      ['cursor=%21%21', 'query.cursor'],
    ] as const) {
      const problem = expectProblem(await api(as(alice), 'GET', `/tickets?${query}`), 422, 'VALIDATION_FAILED');
      expect(
        problem.errors.map((e: { path: string }) => e.path),
        query,
      ).toEqual([path]);
    }
  });

  it('cursor pagination walks every ticket exactly once, newest first and in board order', async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice));
    const [todo, doing] = board.columns.map((c) => c.id) as [string, string];
    const created: TicketDto[] = [];
    for (let i = 0; i < 23; i++)
      created.push(
        await createTicket(as(alice), i % 3 === 0 ? doing : todo, {
          title: `p${i}`,
          afterId:
            i % 3 === 1 && created.length > 1 && created[created.length - 2]!.columnId === todo
              ? created[created.length - 2]!.id
              : undefined,
        }),
      );

    const expectedNewest = [...created]
      .sort((x, y) => (x.createdAt === y.createdAt ? (x.id < y.id ? 1 : -1) : x.createdAt < y.createdAt ? 1 : -1))
      .map((t) => t.id);
    for (const limit of [1, 4, 7, 23, 50]) {
      const walked = (await listAll(as(alice), '', limit)).map((t) => t.id);
      expect(new Set(walked).size, `limit ${limit}: duplicates`).toBe(walked.length);
      expect(walked, `limit ${limit}`).toEqual(expectedNewest);
    }

    const byColumn = await boardOrder(as(alice), board.id);
    for (const column of [todo, doing]) {
      for (const limit of [1, 3, 5]) {
        const walked = (await listAll(as(alice), `columnId=${column}`, limit)).map((t) => t.id);
        expect(walked, `${column} limit ${limit}`).toEqual(byColumn[column]);
      }
    }
    expect(byColumn[todo]!.length + byColumn[doing]!.length).toBe(23);

    // A board-order cursor is not valid for the newest-first list, and vice versa: rejected rather than misread.
    const boardPage = ok(await api(as(alice), 'GET', `/tickets?columnId=${todo}&limit=2`)).body;
    const misuse = await api(as(alice), 'GET', `/tickets?limit=2&cursor=${boardPage.nextCursor}`);
    expect(expectProblem(misuse, 422, 'VALIDATION_FAILED').errors[0].path).toBe('query.cursor');
    const forged = Buffer.from(JSON.stringify(['2030-01-01T00:00:00.000Z', 'not-a-uuid'])).toString('base64url');
    expect(
      expectProblem(await api(as(alice), 'GET', `/tickets?limit=2&cursor=${forged}`), 422, 'VALIDATION_FAILED')
        .errors[0].path,
    ).toBe('query.cursor');
  });
});
