import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, as, signUp, type Caller, type TestUser } from '../support/api';
import { auditLog, createBoard, expectProblem, ok, warmUp } from '../support/fixtures';

beforeAll(warmUp);

const withKey = (caller: Caller, key: string): Caller => ({
  ...caller,
  headers: { ...caller.headers, 'idempotency-key': key },
});

async function ticketTitles(caller: Caller, boardId: string): Promise<string[]> {
  const tickets = ok(await api(caller, 'GET', `/tickets?boardId=${boardId}&limit=200`)).body.data as {
    title: string;
  }[];
  return tickets.map((t) => t.title).sort();
}

describe('Idempotency-Key on tenant POSTs', () => {
  let alice: TestUser;
  let board: { id: string; columns: { id: string }[] };
  beforeAll(async () => {
    alice = await signUp('Alice');
    board = await createBoard(as(alice), { name: 'Retries' });
  });

  it('a retried create runs once and replays the same answer', async () => {
    const key = randomUUID();
    const body = { columnId: board.columns[0]!.id, title: 'Once only' };
    const first = ok(await api(withKey(as(alice), key), 'POST', '/tickets', body), 201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = ok(await api(withKey(as(alice), key), 'POST', '/tickets', body), 201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await ticketTitles(as(alice), board.id)).toEqual(['Once only']);
    const audit = (await auditLog(as(alice))).filter((row) => row.resourceId === first.body.id);
    expect(audit.map((row) => row.action)).toEqual(['CREATE']);
  });

  it('concurrent duplicates create one row; all answers are the same', async () => {
    const key = randomUUID();
    const body = { columnId: board.columns[1]!.id, title: 'Raced' };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => api(withKey(as(alice), key), 'POST', '/tickets', body)),
    );
    for (const answer of answers) expect(ok(answer, 201).body.id).toBe(answers[0]!.body.id);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    expect((await ticketTitles(as(alice), board.id)).filter((t) => t === 'Raced')).toHaveLength(1);
  });

  it('the same key with another body is refused and changes nothing', async () => {
    const key = randomUUID();
    ok(
      await api(withKey(as(alice), key), 'POST', '/tickets', { columnId: board.columns[0]!.id, title: 'Original' }),
      201,
    );
    const before = await ticketTitles(as(alice), board.id);
    expectProblem(
      await api(withKey(as(alice), key), 'POST', '/tickets', { columnId: board.columns[0]!.id, title: 'Different' }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expectProblem(
      await api(withKey(as(alice), key), 'POST', `/boards/${board.id}/columns`, { name: 'Other op' }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await ticketTitles(as(alice), board.id)).toEqual(before);
  });

  it('a failed request leaves no key behind: the retry runs anew', async () => {
    const key = randomUUID();
    const missingColumn = { columnId: randomUUID(), title: 'Nowhere' };
    expectProblem(await api(withKey(as(alice), key), 'POST', '/tickets', missingColumn), 404, 'NOT_FOUND');
    expectProblem(await api(withKey(as(alice), key), 'POST', '/tickets', missingColumn), 404, 'NOT_FOUND');
    // A rolled-back claim frees the key, so it can carry a (different) request that succeeds.
    ok(
      await api(withKey(as(alice), key), 'POST', '/tickets', {
        columnId: board.columns[0]!.id,
        title: 'After failure',
      }),
      201,
    );
  });

  it('a retried archive replays its answer instead of failing on the version it bumped', async () => {
    const ticket = ok(
      await api(as(alice), 'POST', '/tickets', { columnId: board.columns[0]!.id, title: 'Archive me' }),
      201,
    ).body;
    const key = randomUUID();
    const first = ok(
      await api(withKey(as(alice), key), 'POST', `/tickets/${ticket.id}/archive`, { version: ticket.version }),
    );
    // Without the key, the same request is stale: the first archive bumped the version.
    expectProblem(
      await api(as(alice), 'POST', `/tickets/${ticket.id}/archive`, { version: ticket.version }),
      409,
      'VERSION_CONFLICT',
    );
    const again = await api(withKey(as(alice), key), 'POST', `/tickets/${ticket.id}/archive`, {
      version: ticket.version,
    });
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const archives = (await auditLog(as(alice))).filter(
      (row) => row.resourceId === ticket.id && row.action === 'ARCHIVE',
    );
    expect(archives).toHaveLength(1);
  });

  it('keys are per workspace: another workspace may use the same key, and never sees the first answer', async () => {
    const bob = await signUp('Bob');
    const bobBoard = await createBoard(as(bob), { name: 'Bob board' });
    const key = randomUUID();
    const mine = ok(
      await api(withKey(as(alice), key), 'POST', '/tickets', { columnId: board.columns[0]!.id, title: 'Alice key' }),
      201,
    );
    const theirs = ok(
      await api(withKey(as(bob), key), 'POST', '/tickets', { columnId: bobBoard.columns[0]!.id, title: 'Bob key' }),
      201,
    );
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('another member reusing a key is a different request', async () => {
    const key = randomUUID();
    const body = { columnId: board.columns[0]!.id, title: 'Shared key' };
    ok(await api(withKey(as(alice), key), 'POST', '/tickets', body), 201);
    const token = ok(await api(as(alice), 'POST', '/tokens', { name: 'ci', role: 'member' }), 201).body.token as string;
    expectProblem(await api(withKey({ token }, key), 'POST', '/tickets', body), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('malformed keys, and keys on operations that cannot replay, are refused before anything runs', async () => {
    const body = { columnId: board.columns[0]!.id, title: 'Bad key' };
    for (const key of ['', ' ', 'x'.repeat(256), 'tab\there', 'ünïcode']) {
      const headers = new Headers();
      try {
        headers.set('idempotency-key', key);
      } catch {
        continue; // not even a valid header value: no client can send it
      }
      if (headers.get('idempotency-key') === '') continue; // an empty header reads as absent-but-present: covered below
      const problem = expectProblem(
        await api(withKey(as(alice), key), 'POST', '/tickets', body),
        422,
        'VALIDATION_FAILED',
      );
      expect(problem.errors[0].path).toBe('headers.idempotency-key');
    }
    expectProblem(await api(withKey(as(alice), ''), 'POST', '/tickets', body), 422, 'VALIDATION_FAILED');
    expectProblem(
      await api(withKey(as(alice), randomUUID()), 'POST', '/tokens', { name: 'x', role: 'member' }),
      400,
      'IDEMPOTENCY_UNSUPPORTED',
    );
    expectProblem(
      await api(withKey(as(alice), randomUUID()), 'POST', '/invitations', { role: 'member' }),
      400,
      'IDEMPOTENCY_UNSUPPORTED',
    );
    expectProblem(
      await api(withKey({ cookie: alice.cookie }, randomUUID()), 'POST', '/workspaces', { name: 'Second' }),
      400,
      'IDEMPOTENCY_UNSUPPORTED',
    );
    expect(await ticketTitles(as(alice), board.id)).not.toContain('Bad key');
    // Other verbs are idempotent by design: the header is ignored there.
    ok(await api(withKey(as(alice), 'whatever'), 'GET', `/boards/${board.id}`));
  });
});
