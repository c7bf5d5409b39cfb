import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/server/db/tenant';
import { api, as, signUp } from '../support/api';
import { auditLog, createBoard, createTicket, expectProblem, joinAs, ok, warmUp } from '../support/fixtures';

beforeAll(warmUp, 60_000);

type Label = { name: string; colour: string | null; tickets: number };
const labels = async (caller: Parameters<typeof api>[0]): Promise<Label[]> =>
  ok(await api(caller, 'GET', '/labels')).body.data as Label[];

describe('workspace label colours', () => {
  it('lists the labels on open tickets, sets a colour per name whatever its case, resets it; each change audited', async () => {
    const owner = await signUp('Painter');
    const board = await createBoard(as(owner));
    const column = board.columns[0]!.id;
    await createTicket(as(owner), column, { title: 'one', labels: ['bug', 'ui'] });
    await createTicket(as(owner), column, { title: 'two', labels: ['Bug'] });
    const archived = await createTicket(as(owner), column, { title: 'gone', labels: ['old'] });
    ok(await api(as(owner), 'POST', `/tickets/${archived.id}/archive`, { version: archived.version }));

    // "bug" and "Bug" are one label; an archived ticket's label is not in use.
    expect(await labels(as(owner))).toEqual([
      { name: 'Bug', colour: null, tickets: 2 },
      { name: 'ui', colour: null, tickets: 1 },
    ]);

    const set = ok(await api(as(owner), 'PUT', '/labels', { name: 'bug', colour: 'red' })).body;
    expect(set).toEqual({ name: 'bug', colour: 'red', tickets: 2 });
    // A colour for a label no ticket carries yet is kept too (an admin prepares the palette).
    ok(await api(as(owner), 'PUT', '/labels', { name: ' Release ', colour: 'green' }));
    const changed = ok(await api(as(owner), 'PUT', '/labels', { name: 'BUG', colour: 'violet' })).body;
    expect(changed).toEqual({ name: 'BUG', colour: 'violet', tickets: 2 });
    expect(await labels(as(owner))).toEqual([
      { name: 'BUG', colour: 'violet', tickets: 2 },
      { name: 'Release', colour: 'green', tickets: 0 },
      { name: 'ui', colour: null, tickets: 1 },
    ]);
    // Setting the colour it already has is no change: no audit row.
    ok(await api(as(owner), 'PUT', '/labels', { name: 'BUG', colour: 'violet' }));

    const reset = ok(await api(as(owner), 'PUT', '/labels', { name: 'bug', colour: null })).body;
    expect(reset).toEqual({ name: 'BUG', colour: null, tickets: 2 });
    // Resetting a label without a colour is no change either.
    ok(await api(as(owner), 'PUT', '/labels', { name: 'ui', colour: null }));
    expect((await labels(as(owner))).map((l) => [l.name, l.colour])).toEqual([
      ['Bug', null],
      ['Release', 'green'],
      ['ui', null],
    ]);

    const trail = (await auditLog(as(owner), 'resourceType=label')).reverse();
    expect(trail.map((e) => [e.action, e.changes])).toEqual([
      ['CREATE', { before: null, after: { name: 'bug', colour: 'red' } }],
      ['CREATE', { before: null, after: { name: 'Release', colour: 'green' } }],
      ['UPDATE', { before: { name: 'bug', colour: 'red' }, after: { name: 'BUG', colour: 'violet' } }],
      ['DELETE', { before: { name: 'BUG', colour: 'violet' }, after: { name: 'BUG', colour: null } }],
    ]);
    expect(trail.every((e) => e.actorId === owner.id && e.resourceType === 'label')).toBe(true);
    expect(trail[0]!.resourceId).toBe(trail[2]!.resourceId);
  });

  it('admins and owners set colours; members, viewers and their tokens read them and get 403; the colour stays', async () => {
    const owner = await signUp('Owner');
    const { caller: admin } = await joinAs(owner, 'admin', 'Ada');
    const { caller: member } = await joinAs(owner, 'member', 'Mo');
    const { caller: viewer } = await joinAs(owner, 'viewer', 'Vi');
    const memberToken = ok(await api(as(owner), 'POST', '/tokens', { name: 'm', role: 'member' }), 201).body;
    ok(await api(admin, 'PUT', '/labels', { name: 'design', colour: 'pink' }));
    for (const reader of [member, viewer, { token: memberToken.token }]) {
      expect(await labels(reader)).toEqual([{ name: 'design', colour: 'pink', tickets: 0 }]);
      expectProblem(await api(reader, 'PUT', '/labels', { name: 'design', colour: 'red' }), 403, 'FORBIDDEN');
      expectProblem(await api(reader, 'PUT', '/labels', { name: 'design', colour: null }), 403, 'FORBIDDEN');
    }
    expect(await labels(as(owner))).toEqual([{ name: 'design', colour: 'pink', tickets: 0 }]);
    expect((await auditLog(as(owner), 'resourceType=label')).length).toBe(1);
  });

  it('another workspace: 404 with its header, its own list without ours; bad input is a 422 problem', async () => {
    const owner = await signUp('Home');
    const stranger = await signUp('Stranger');
    ok(await api(as(owner), 'PUT', '/labels', { name: 'secret', colour: 'amber' }));
    expectProblem(await api(as(stranger, owner.workspaceId), 'GET', '/labels'), 404, 'NOT_FOUND');
    expectProblem(
      await api(as(stranger, owner.workspaceId), 'PUT', '/labels', { name: 'secret', colour: 'red' }),
      404,
      'NOT_FOUND',
    );
    expect(await labels(as(stranger))).toEqual([]);
    // The stranger's own "secret" is another label: ours keeps its colour.
    ok(await api(as(stranger), 'PUT', '/labels', { name: 'secret', colour: 'blue' }));
    expect(await labels(as(owner))).toEqual([{ name: 'secret', colour: 'amber', tickets: 0 }]);

    for (const body of [
      { name: 'x', colour: 'magenta' },
      { name: 'a,b', colour: 'red' },
      { name: '', colour: 'red' },
      { name: 'x'.repeat(33), colour: 'red' },
      { name: 'x' },
      { name: 'x', colour: 'red', extra: 1 },
    ])
      expectProblem(await api(as(owner), 'PUT', '/labels', body), 422);
    expect(await labels(as(owner))).toEqual([{ name: 'secret', colour: 'amber', tickets: 0 }]);
  });

  it('row-level security: a transaction of one workspace neither sees nor writes another’s colours', async () => {
    const a = await signUp('A');
    const b = await signUp('B');
    ok(await api(as(a), 'PUT', '/labels', { name: 'mine', colour: 'red' }));
    const seen = await withTenant(b.workspaceId, async (tx) => {
      const result = (await tx.execute(sql`select tenant_id::text as t from workspace_labels`)) as unknown as {
        rows: { t: string }[];
      };
      return result.rows;
    });
    expect(seen.every((row) => row.t === b.workspaceId)).toBe(true);
    const planted = await withTenant(b.workspaceId, (tx) =>
      tx.execute(sql`insert into workspace_labels (tenant_id, name, colour) values (${a.workspaceId}, 'x', 'red')`),
    ).then(
      () => 'inserted',
      (error: unknown) =>
        String(
          (error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code,
        ),
    );
    expect(planted).toBe('42501');
    // The database refuses a colour outside the palette and a second row for the same name in another case.
    const refused = async (statement: ReturnType<typeof sql>) =>
      withTenant(a.workspaceId, (tx) => tx.execute(statement)).then(
        () => 'inserted',
        (error: unknown) =>
          String((error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code),
      );
    expect(
      await refused(
        sql`insert into workspace_labels (tenant_id, name, colour) values (${a.workspaceId}, 'y', 'magenta')`,
      ),
    ).toBe('23514');
    expect(
      await refused(
        sql`insert into workspace_labels (tenant_id, name, colour) values (${a.workspaceId}, 'MINE', 'blue')`,
      ),
    ).toBe('23505');
  });
});
