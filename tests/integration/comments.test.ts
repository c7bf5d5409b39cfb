import { beforeAll, describe, expect, it } from 'vitest';
import { api, as, signUp } from '../support/api';
import { createBoard, createTicket, expectProblem, joinAs, ok, warmUp } from '../support/fixtures';

beforeAll(warmUp);

type Comment = {
  id: string;
  ticketId: string;
  authorId: string | null;
  authorTokenId: string | null;
  body: string;
  createdAt: string;
};
const list = async (caller: Parameters<typeof api>[0], ticketId: string) =>
  ok(await api(caller, 'GET', `/tickets/${ticketId}/comments`)).body.data as Comment[];

describe('comments', () => {
  it('every shape of a card counts its comments: board view, ticket, list, and the answers of changes', async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice), { columns: ['A', 'B'] });
    const [a, b] = board.columns;
    const ticket = await createTicket(as(alice), a!.id, { title: 'talked about' });
    const quiet = await createTicket(as(alice), a!.id, { title: 'quiet' });
    expect(ticket.commentCount).toBe(0);
    const ids: string[] = [];
    for (const body of ['one', 'two', 'three'])
      ids.push(ok(await api(as(alice), 'POST', `/tickets/${ticket.id}/comments`, { body }), 201).body.id);
    expect((await api(as(alice), 'DELETE', `/comments/${ids[0]}`)).status).toBe(204);

    const view = ok(await api(as(alice), 'GET', `/boards/${board.id}`)).body;
    const cards = Object.fromEntries(
      view.columns[0].tickets.map((t: { title: string; commentCount: number }) => [t.title, t.commentCount]),
    );
    expect(cards).toEqual({ 'talked about': 2, quiet: 0 });
    expect(ok(await api(as(alice), 'GET', `/tickets/${ticket.id}`)).body.commentCount).toBe(2);
    const listed = ok(await api(as(alice), 'GET', `/tickets?boardId=${board.id}`)).body.data;
    expect(listed.map((t: { id: string; commentCount: number }) => [t.id, t.commentCount]).sort()).toEqual(
      [
        [ticket.id, 2],
        [quiet.id, 0],
      ].sort(),
    );
    const patched = ok(await api(as(alice), 'PATCH', `/tickets/${ticket.id}`, { version: 1, title: 'renamed' })).body;
    expect(patched.commentCount).toBe(2);
    const moved = ok(await api(as(alice), 'POST', `/tickets/${ticket.id}/move`, { version: 2, columnId: b!.id })).body;
    expect(moved.commentCount).toBe(2);
    const archived = ok(await api(as(alice), 'POST', `/tickets/${ticket.id}/archive`, { version: 3 })).body;
    expect(archived.commentCount).toBe(2);
    const restored = ok(await api(as(alice), 'POST', `/tickets/${ticket.id}/restore`, { version: 4 })).body;
    expect(restored.commentCount).toBe(2);
    // Another workspace's comments never count (row-level security): a fresh ticket elsewhere has none.
    const bob = await signUp('Bob');
    const other = await createTicket(as(bob), (await createBoard(as(bob))).columns[0]!.id);
    expect(ok(await api(as(bob), 'GET', `/tickets/${other.id}`)).body.commentCount).toBe(0);
  });

  it('create, list oldest first, delete your own', async () => {
    const alice = await signUp('Alice');
    const { user: bob, caller: member } = await joinAs(alice, 'member', 'Bob');
    const board = await createBoard(as(alice));
    const ticket = await createTicket(as(alice), board.columns[0]!.id);
    const first = ok(
      await api(member, 'POST', `/tickets/${ticket.id}/comments`, { body: '  Looks **good**\n\n- one\n- two  ' }),
      201,
    ).body as Comment;
    expect(first).toMatchObject({
      ticketId: ticket.id,
      authorId: bob.id,
      authorTokenId: null,
      body: 'Looks **good**\n\n- one\n- two',
    });
    const second = ok(await api(as(alice), 'POST', `/tickets/${ticket.id}/comments`, { body: 'Thanks' }), 201)
      .body as Comment;
    expect((await list(member, ticket.id)).map((c) => c.id)).toEqual([first.id, second.id]);

    expect((await api(member, 'DELETE', `/comments/${first.id}`)).status).toBe(204);
    expect((await list(member, ticket.id)).map((c) => c.id)).toEqual([second.id]);
    expectProblem(await api(member, 'DELETE', `/comments/${first.id}`), 404, 'NOT_FOUND');

    const empty = expectProblem(
      await api(member, 'POST', `/tickets/${ticket.id}/comments`, { body: '   ' }),
      422,
      'VALIDATION_FAILED',
    );
    expect(empty.errors.map((e: { path: string }) => e.path)).toEqual(['body.body']);
  });

  it("a member cannot delete someone else's comment (403); an admin can", async () => {
    const alice = await signUp('Alice');
    const { caller: bob } = await joinAs(alice, 'member', 'Bob');
    const { caller: carol } = await joinAs(alice, 'member', 'Carol');
    const { caller: admin } = await joinAs(alice, 'admin', 'Dana');
    const board = await createBoard(as(alice));
    const ticket = await createTicket(as(alice), board.columns[0]!.id);
    const bobs = ok(await api(bob, 'POST', `/tickets/${ticket.id}/comments`, { body: "Bob's" }), 201).body as Comment;
    const owners = ok(await api(as(alice), 'POST', `/tickets/${ticket.id}/comments`, { body: "Alice's" }), 201)
      .body as Comment;

    expectProblem(await api(carol, 'DELETE', `/comments/${bobs.id}`), 403, 'FORBIDDEN');
    expectProblem(await api(bob, 'DELETE', `/comments/${owners.id}`), 403, 'FORBIDDEN');
    expect((await list(bob, ticket.id)).map((c) => c.id)).toEqual([bobs.id, owners.id]);
    expect((await api(admin, 'DELETE', `/comments/${bobs.id}`)).status).toBe(204);
    expect((await api(admin, 'DELETE', `/comments/${owners.id}`)).status).toBe(204);
    expect(await list(bob, ticket.id)).toEqual([]);
  });

  it('token-authored comments carry authorTokenId; the token may delete its own', async () => {
    const alice = await signUp('Alice');
    const board = await createBoard(as(alice));
    const ticket = await createTicket(as(alice), board.columns[0]!.id);
    const bot = ok(await api(as(alice), 'POST', '/tokens', { name: 'bot', role: 'member' }), 201).body;
    const other = ok(await api(as(alice), 'POST', '/tokens', { name: 'other bot', role: 'member' }), 201).body;
    const comment = ok(
      await api({ token: bot.token }, 'POST', `/tickets/${ticket.id}/comments`, { body: 'Build passed' }),
      201,
    ).body as Comment;
    expect(comment).toMatchObject({ authorId: null, authorTokenId: bot.id });
    expect((await list(as(alice), ticket.id))[0]).toMatchObject({ id: comment.id, authorTokenId: bot.id });
    const byAlice = ok(await api(as(alice), 'POST', `/tickets/${ticket.id}/comments`, { body: 'human' }), 201)
      .body as Comment;
    expectProblem(await api({ token: other.token }, 'DELETE', `/comments/${comment.id}`), 403, 'FORBIDDEN');
    expectProblem(await api({ token: bot.token }, 'DELETE', `/comments/${byAlice.id}`), 403, 'FORBIDDEN');
    expect((await api({ token: bot.token }, 'DELETE', `/comments/${comment.id}`)).status).toBe(204);
    expect((await list(as(alice), ticket.id)).map((c) => c.id)).toEqual([byAlice.id]);
  });

  it('comments on an unknown ticket → 404; an archived ticket can still be discussed', async () => {
    const alice = await signUp('Alice');
    expectProblem(
      await api(as(alice), 'POST', `/tickets/${crypto.randomUUID()}/comments`, { body: 'hello' }),
      404,
      'NOT_FOUND',
    );
    expectProblem(await api(as(alice), 'GET', `/tickets/${crypto.randomUUID()}/comments`), 404, 'NOT_FOUND');
    expectProblem(await api(as(alice), 'DELETE', `/comments/${crypto.randomUUID()}`), 404, 'NOT_FOUND');
    const board = await createBoard(as(alice));
    const ticket = await createTicket(as(alice), board.columns[0]!.id);
    ok(await api(as(alice), 'POST', `/tickets/${ticket.id}/archive`, { version: 1 }));
    ok(await api(as(alice), 'POST', `/tickets/${ticket.id}/comments`, { body: 'why archived?' }), 201);
    expect(await list(as(alice), ticket.id)).toHaveLength(1);
  });
});
