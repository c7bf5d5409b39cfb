import { beforeAll, describe, expect, it } from 'vitest';
import { api, as, signUp } from '../support/api';
import { createBoard, ok, warmUp } from '../support/fixtures';
import { dataOf, openStream } from '../support/sse';

// Live label colours ride on the board event stream (LISTEN/NOTIFY): streaming drivers only. On the Neon driver the
// stream answers 503 and boards poll (tests/integration/ui-realtime-neon.test.ts); a change shows on the next load,
// which labels.test.ts checks on every driver.

beforeAll(warmUp, 60_000);

describe('workspace label colours, live', () => {
  it('a colour change reaches every open board of the workspace over SSE, and no other workspace’s', async () => {
    const owner = await signUp('Live');
    const stranger = await signUp('Elsewhere');
    const board = await createBoard(as(owner));
    const strangerBoard = await createBoard(as(stranger));
    const stream = await openStream(owner, board.id, owner.workspaceId);
    const other = await openStream(stranger, strangerBoard.id, stranger.workspaceId);
    expect(await stream.next()).toContain('event: ready');
    expect(await other.next()).toContain('event: ready');
    ok(await api(as(owner), 'PUT', '/labels', { name: 'bug', colour: 'red' }));
    expect(dataOf(await stream.next())).toEqual({ boardId: '*', kind: 'labels.changed' });
    // The stranger's stream hears its own change next, not ours.
    ok(await api(as(stranger), 'PUT', '/labels', { name: 'other', colour: 'blue' }));
    expect(dataOf(await other.next())).toEqual({ boardId: '*', kind: 'labels.changed' });
    stream.close();
    other.close();
  });
});
