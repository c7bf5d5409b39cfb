import { describe, expect, it } from 'vitest';
import type { Board, TicketSummary } from '@/ui/api';
import type { ColumnState } from '@/ui/board/model';
import {
  boardReducer,
  dropIndex,
  initialBoardState,
  neighboursOf,
  type BoardAction,
  type BoardState,
} from '@/ui/board/state';

const board: Board = {
  id: 'b1',
  name: 'Launch',
  description: '',
  archivedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
} as Board;

const ticket = (id: string, columnId: string, position: string, version = 1): TicketSummary => ({
  id,
  boardId: 'b1',
  columnId,
  title: `Ticket ${id}`,
  priority: 'none',
  assigneeId: null,
  labels: [],
  dueDate: null,
  position,
  version,
  archivedAt: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
  commentCount: 0,
});

const column = (id: string, tickets: TicketSummary[], extra: Partial<ColumnState> = {}): ColumnState =>
  ({
    id,
    boardId: 'b1',
    name: id.toUpperCase(),
    position: id,
    wipLimit: null,
    ticketCount: tickets.length,
    tickets,
    nextCursor: null,
    loading: false,
    ...extra,
  }) as ColumnState;

/** To do: a, b, c — Doing: d. */
function loaded(): BoardState {
  return run(initialBoardState(), {
    type: 'loaded',
    board,
    filtered: false,
    columns: [
      column('todo', [ticket('a', 'todo', 'a0'), ticket('b', 'todo', 'a1'), ticket('c', 'todo', 'a2')]),
      column('doing', [ticket('d', 'doing', 'a0')]),
    ],
  });
}
const run = (state: BoardState, ...actions: BoardAction[]) => actions.reduce(boardReducer, state);
const ids = (state: BoardState, columnId: string) =>
  state.columns!.find((c) => c.id === columnId)!.tickets.map((t) => t.id);
const countOf = (state: BoardState, columnId: string) => state.columns!.find((c) => c.id === columnId)!.ticketCount;

describe('board reducer: load and resync', () => {
  it('starts from the server-rendered view, or empty', () => {
    expect(initialBoardState().columns).toBeNull();
    const state = loaded();
    expect(ids(state, 'todo')).toEqual(['a', 'b', 'c']);
    expect(state.board?.name).toBe('Launch');
  });

  it('a failed load keeps what is shown and says why', () => {
    const state = run(loaded(), { type: 'loadFailed', error: 'offline' });
    expect(state.error).toBe('offline');
    expect(ids(state, 'todo')).toEqual(['a', 'b', 'c']);
  });

  it('resync asks for a reload, but not in the middle of a drag', () => {
    expect(run(loaded(), { type: 'resync' }).reloads).toBe(1);
    expect(run(loaded(), { type: 'dragStarted', ticketId: 'a' }, { type: 'resync' }).reloads).toBe(0);
  });

  it('a reload keeps a move the server has not answered yet', () => {
    const state = run(
      loaded(),
      { type: 'moveRequested', ticketId: 'a', toColumnId: 'doing', index: 0 },
      // The reload still sees a in To do (its move is in flight).
      {
        type: 'loaded',
        board,
        filtered: false,
        columns: [
          column('todo', [ticket('a', 'todo', 'a0'), ticket('b', 'todo', 'a1')]),
          column('doing', [ticket('d', 'doing', 'a0')]),
        ],
      },
    );
    expect(ids(state, 'doing')).toContain('a');
    expect(ids(state, 'todo')).toEqual(['b']);
  });

  it('pages of a column append without duplicates, and a page of an older window is dropped', () => {
    let state = run(loaded(), {
      type: 'loaded',
      board,
      filtered: false,
      columns: [column('todo', [ticket('a', 'todo', 'a0')], { nextCursor: 'p2', ticketCount: 3 })],
    });
    state = run(state, { type: 'pageLoading', columnId: 'todo' });
    expect(state.columns![0]!.loading).toBe(true);
    const page = [ticket('a', 'todo', 'a0'), ticket('b', 'todo', 'a1')];
    const stale = run(state, { type: 'pageLoaded', columnId: 'todo', cursor: 'old', tickets: page, nextCursor: null });
    expect(ids(stale, 'todo')).toEqual(['a']);
    expect(stale.columns![0]!.loading).toBe(false);
    state = run(state, { type: 'pageLoaded', columnId: 'todo', cursor: 'p2', tickets: page, nextCursor: null });
    expect(ids(state, 'todo')).toEqual(['a', 'b']);
    expect(state.columns![0]!.nextCursor).toBeNull();
    expect(
      run(state, { type: 'pageLoading', columnId: 'todo' }, { type: 'pageFailed', columnId: 'todo' }).columns![0]!
        .loading,
    ).toBe(false);
  });
});

describe('board reducer: optimistic moves', () => {
  it('a move shows at once, counts follow, and the server answer settles it', () => {
    let state = run(
      loaded(),
      { type: 'dragStarted', ticketId: 'b' },
      { type: 'dragOver', ticketId: 'b', toColumnId: 'doing', index: 1 },
    );
    expect(ids(state, 'doing')).toEqual(['d', 'b']);
    expect(countOf(state, 'doing')).toBe(1); // a preview: counts change on drop
    state = run(state, { type: 'moveRequested', ticketId: 'b', toColumnId: 'doing', index: 1 });
    expect(state.drag).toBeNull();
    expect(state.pending.b).toMatchObject({ columnId: 'todo', index: 1, toColumnId: 'doing' });
    expect([countOf(state, 'todo'), countOf(state, 'doing')]).toEqual([2, 2]);
    expect(neighboursOf(state.columns!, 'b')).toEqual({ afterId: 'd' });
    state = run(state, { type: 'moveSettled', ticket: { ...ticket('b', 'doing', 'a1'), version: 2 } });
    expect(state.pending).toEqual({});
    expect(state.columns![1]!.tickets[1]!.version).toBe(2);
  });

  it('a refused move rolls back to where the card was, counts included', () => {
    const state = run(
      loaded(),
      { type: 'dragStarted', ticketId: 'b' },
      { type: 'moveRequested', ticketId: 'b', toColumnId: 'doing', index: 0 },
      { type: 'moveFailed', ticketId: 'b', refetch: false },
    );
    expect(ids(state, 'todo')).toEqual(['a', 'b', 'c']);
    expect(ids(state, 'doing')).toEqual(['d']);
    expect([countOf(state, 'todo'), countOf(state, 'doing')]).toEqual([3, 1]);
    expect(state.refetch).toEqual([]);
  });

  it('a version conflict rolls back and asks for the fresh ticket', () => {
    const state = run(
      loaded(),
      { type: 'moveRequested', ticketId: 'a', toColumnId: 'todo', index: 2 },
      { type: 'moveFailed', ticketId: 'a', refetch: true },
    );
    expect(ids(state, 'todo')).toEqual(['a', 'b', 'c']);
    expect(state.refetch).toEqual(['a']);
    expect(
      run(state, { type: 'ticketFetched', ticketId: 'a', ticket: { ...ticket('a', 'todo', 'a0'), version: 3 } })
        .refetch,
    ).toEqual([]);
  });

  it('a reorder within a column moves no count; dropping where it started sends nothing', () => {
    const reordered = run(loaded(), { type: 'moveRequested', ticketId: 'a', toColumnId: 'todo', index: 2 });
    expect(ids(reordered, 'todo')).toEqual(['b', 'c', 'a']);
    expect(countOf(reordered, 'todo')).toBe(3);
    expect(neighboursOf(reordered.columns!, 'a')).toEqual({ afterId: 'c' });
    const same = run(
      loaded(),
      { type: 'dragStarted', ticketId: 'b' },
      { type: 'moveRequested', ticketId: 'b', toColumnId: 'todo', index: 1 },
    );
    expect(same.pending).toEqual({});
    expect(same.drag).toBeNull();
  });

  it('a cancelled drag puts the card back', () => {
    const state = run(
      loaded(),
      { type: 'dragStarted', ticketId: 'a' },
      { type: 'dragOver', ticketId: 'a', toColumnId: 'doing', index: 0 },
      { type: 'dragCancelled' },
    );
    expect(ids(state, 'todo')).toEqual(['a', 'b', 'c']);
    expect(ids(state, 'doing')).toEqual(['d']);
    expect(run(loaded(), { type: 'dragCancelled' })).toEqual(loaded());
  });

  it('the neighbour is the card above, else the one below, else none', () => {
    const state = loaded();
    expect(neighboursOf(state.columns!, 'a')).toEqual({ beforeId: 'b' });
    expect(neighboursOf(state.columns!, 'd')).toEqual({});
    expect(neighboursOf(state.columns!, 'zz')).toEqual({});
  });

  it('bug 3: a card released over the lower half of another lands after it', () => {
    const over = { top: 100, height: 80 };
    // Grabbed in the middle and released with the pointer at 75 % of the other card: the dragged card's top edge
    // is above the other's middle (the old rule said "before"), its middle is below (after).
    expect(dropIndex(4, { top: 120, height: 80 }, over)).toBe(5);
    expect(dropIndex(4, { top: 80, height: 80 }, over)).toBe(4);
    expect(dropIndex(4, null, over)).toBe(4);
  });
});

describe('board reducer: live events', () => {
  const event = (kind: string, extra: Record<string, unknown> = {}): BoardAction => ({
    type: 'remoteEvent',
    event: { boardId: 'b1', kind, ...extra },
  });

  it('someone else creates a ticket: counted once, fetched, placed in order', () => {
    let state = run(loaded(), event('ticket.created', { ticketId: 'e', columnId: 'doing', version: 1 }));
    expect(countOf(state, 'doing')).toBe(2);
    expect(state.refetch).toEqual(['e']);
    state = run(state, { type: 'ticketFetched', ticketId: 'e', ticket: ticket('e', 'doing', 'a1') });
    expect(ids(state, 'doing')).toEqual(['d', 'e']);
    expect(state.refetch).toEqual([]);
    // The same creation answered to our own POST later: not counted twice.
    state = run(state, { type: 'created', ticket: ticket('e', 'doing', 'a1') });
    expect(countOf(state, 'doing')).toBe(2);
  });

  it('our own creation, answered first, is not counted again by its echo', () => {
    let state = run(loaded(), { type: 'created', ticket: ticket('e', 'doing', 'a1') });
    expect(countOf(state, 'doing')).toBe(2);
    state = run(state, event('ticket.created', { ticketId: 'e', columnId: 'doing', version: 1 }));
    expect(countOf(state, 'doing')).toBe(2);
  });

  it('a move by someone else adjusts both counts and fetches the ticket', () => {
    const state = run(
      loaded(),
      event('ticket.moved', { ticketId: 'a', columnId: 'doing', fromColumnId: 'todo', version: 2 }),
    );
    expect([countOf(state, 'todo'), countOf(state, 'doing')]).toEqual([2, 2]);
    expect(state.refetch).toEqual(['a']);
    const fetched = run(state, {
      type: 'ticketFetched',
      ticketId: 'a',
      ticket: { ...ticket('a', 'doing', 'a1'), version: 2 },
    });
    expect(ids(fetched, 'doing')).toEqual(['d', 'a']);
    expect(ids(fetched, 'todo')).toEqual(['b', 'c']);
    const within = run(
      loaded(),
      event('ticket.moved', { ticketId: 'a', columnId: 'todo', fromColumnId: 'todo', version: 2 }),
    );
    expect(countOf(within, 'todo')).toBe(3);
  });

  it('an echo of a version we hold is ignored', () => {
    const state = run(loaded(), event('ticket.updated', { ticketId: 'a', version: 1 }));
    expect(state).toEqual(loaded());
  });

  it('updates fetch only tickets we show; archive and delete remove; restore counts', () => {
    expect(run(loaded(), event('ticket.updated', { ticketId: 'zz', version: 5 })).refetch).toEqual([]);
    expect(run(loaded(), event('ticket.updated', { ticketId: 'a', version: 5 })).refetch).toEqual(['a']);
    const archived = run(loaded(), event('ticket.archived', { ticketId: 'b', fromColumnId: 'todo', version: 2 }));
    expect(ids(archived, 'todo')).toEqual(['a', 'c']);
    expect(countOf(archived, 'todo')).toBe(2);
    const deleted = run(loaded(), event('ticket.deleted', { ticketId: 'd', fromColumnId: 'doing' }));
    expect(ids(deleted, 'doing')).toEqual([]);
    const restored = run(loaded(), event('ticket.restored', { ticketId: 'r', columnId: 'todo', version: 3 }));
    expect(countOf(restored, 'todo')).toBe(4);
    expect(restored.refetch).toEqual(['r']);
    // A fetched ticket that turned out archived, or gone, leaves the board.
    expect(
      ids(
        run(loaded(), {
          type: 'ticketFetched',
          ticketId: 'a',
          ticket: { ...ticket('a', 'todo', 'a0'), archivedAt: 'x' },
        }),
        'todo',
      ),
    ).toEqual(['b', 'c']);
    expect(ids(run(loaded(), { type: 'ticketFetched', ticketId: 'a', ticket: null }), 'todo')).toEqual(['b', 'c']);
    expect(run(loaded(), event('something.else', { ticketId: 'a', version: 9 }))).toEqual(loaded());
    expect(run(loaded(), event('ticket.updated'))).toEqual(loaded());
  });

  it('a label colour change (for every board, boardId *) changes no card and reloads nothing, even on a filtered view', () => {
    expect(run(loaded(), event('labels.changed', { boardId: '*' }))).toEqual(loaded());
    const filtered = run(loaded(), { type: 'loaded', board, filtered: true, columns: loaded().columns! });
    expect(run(filtered, event('labels.changed', { boardId: '*' }))).toEqual(filtered);
  });

  it('a comment refetches the card it belongs to (its count changed, not its version), even on a filtered view', () => {
    const commented = run(loaded(), event('ticket.commented', { ticketId: 'a', columnId: 'todo' }));
    expect(commented.refetch).toEqual(['a']);
    expect(commented.reloads).toBe(0);
    expect(run(loaded(), event('ticket.commented', { ticketId: 'zz', columnId: 'todo' }))).toEqual(loaded());
    const filtered = run(loaded(), { type: 'loaded', board, filtered: true, columns: loaded().columns! });
    const onFiltered = run(filtered, event('ticket.commented', { ticketId: 'a', columnId: 'todo' }));
    expect([onFiltered.refetch, onFiltered.reloads]).toEqual([['a'], 0]);
    // The refetched card carries the new count, in place.
    const fetched = run(commented, {
      type: 'ticketFetched',
      ticketId: 'a',
      ticket: { ...ticket('a', 'todo', 'a0'), commentCount: 2 },
    });
    expect(fetched.columns![0]!.tickets.map((t) => [t.id, t.commentCount])).toEqual([
      ['a', 2],
      ['b', 0],
      ['c', 0],
    ]);
    expect(fetched.refetch).toEqual([]);
  });

  it('column and board changes, and any event on a filtered view, reload the board', () => {
    expect(run(loaded(), event('column.changed')).reloads).toBe(1);
    expect(run(loaded(), event('board.updated')).reloads).toBe(1);
    const filtered = run(loaded(), { type: 'loaded', board, filtered: true, columns: loaded().columns! });
    expect(run(filtered, event('ticket.updated', { ticketId: 'a', version: 9 })).reloads).toBe(1);
    expect(run(loaded(), event('board.deleted')).error).toBe('This board was deleted.');
  });

  it('events wait for a drag to end, and for their own ticket move to settle', () => {
    let state = run(
      loaded(),
      { type: 'dragStarted', ticketId: 'a' },
      event('ticket.archived', { ticketId: 'c', fromColumnId: 'todo', version: 2 }),
    );
    expect(state.queued).toHaveLength(1);
    expect(ids(state, 'todo')).toContain('c');
    state = run(state, { type: 'dragCancelled' });
    expect(state.queued).toEqual([]);
    expect(ids(state, 'todo')).toEqual(['a', 'b']);

    state = run(
      loaded(),
      { type: 'moveRequested', ticketId: 'a', toColumnId: 'doing', index: 0 },
      event('ticket.moved', { ticketId: 'a', columnId: 'doing', fromColumnId: 'todo', version: 2 }),
    );
    expect(state.queued).toHaveLength(1);
    // Settled with version 2: the echo of our own move is then recognised and changes nothing.
    state = run(state, { type: 'moveSettled', ticket: { ...ticket('a', 'doing', 'Zz'), version: 2 } });
    expect(state.queued).toEqual([]);
    expect([countOf(state, 'todo'), countOf(state, 'doing')]).toEqual([2, 2]);
    expect(state.refetch).toEqual([]);
  });

  it('board settings saved replace the board; unknown tickets are ignored by moves', () => {
    expect(run(loaded(), { type: 'boardSaved', board: { ...board, name: 'New' } }).board?.name).toBe('New');
    expect(
      run(loaded(), { type: 'saved', ticket: { ...ticket('a', 'todo', 'a0'), title: 'Renamed' } }).columns![0]!
        .tickets[0]!.title,
    ).toBe('Renamed');
    expect(run(loaded(), { type: 'moveRequested', ticketId: 'zz', toColumnId: 'doing', index: 0 }).pending).toEqual({});
    expect(run(loaded(), { type: 'moveFailed', ticketId: 'zz', refetch: true })).toEqual(loaded());
    expect(run(loaded(), { type: 'dragStarted', ticketId: 'zz' }).drag).toBeNull();
    expect(run(loaded(), { type: 'dragOver', ticketId: 'a', toColumnId: 'doing', index: 0 })).toEqual(loaded());
  });
});
