import { beforeAll, describe, expect, it } from 'vitest';
import { api, as, signUp } from '../support/api';
import { createBoard, createTicket, expectProblem, joinAs, ok, warmUp } from '../support/fixtures';

beforeAll(warmUp, 60_000);

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
    const second = ok(
      await api(viewer, 'GET', `/tickets/${ticket.id}/activity?limit=2&cursor=${first.body.nextCursor}`),
    );
    expect(second.body.data.map((e: { action: string }) => e.action)).toEqual(['CREATE']);
    expect(second.body.nextCursor).toBeNull();

    expectProblem(await api(as(stranger), 'GET', `/tickets/${ticket.id}/activity`), 404, 'NOT_FOUND');
    expectProblem(await api(viewer, 'GET', `/tickets/${ticket.id}/activity?cursor=bogus`), 422, 'VALIDATION_FAILED');
  });
});
