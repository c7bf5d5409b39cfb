import { describe, expect, it } from 'vitest';
import { api, as, signUp } from '../support/api';

describe('smoke', () => {
  it('signs up, creates a board and a ticket', async () => {
    const alice = await signUp('Alice');
    const board = await api(as(alice), 'POST', '/boards', { name: 'Roadmap' });
    expect(board.status).toBe(201);
    const ticket = await api(as(alice), 'POST', '/tickets', { columnId: board.body.columns[0].id, title: 'First' });
    expect(ticket.status).toBe(201);
    const view = await api(as(alice), 'GET', `/boards/${board.body.id}`);
    expect(view.status).toBe(200);
    expect(view.body.columns[0].tickets[0].title).toBe('First');
  });
});
