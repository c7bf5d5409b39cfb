import { afterEach, describe, expect, it } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { useRef, useState } from 'react';
import type { DragEndEvent, DragOverEvent, DragStartEvent } from '@dnd-kit/core';
import { useBoardEvents } from '@/ui/board/use-board-events';
import { useBoardDrag } from '@/ui/board/use-board-drag';
import { boardReducer, initialBoardState, type BoardAction, type BoardState } from '@/ui/board/state';
import type { BoardView } from '@/ui/api';

/** A stand-in for the browser's EventSource: the test plays the server's side of the stream. */
class FakeEventSource {
  static last: FakeEventSource | null = null;
  static CLOSED = 2;
  readyState = 1;
  listeners = new Map<string, ((event: { data?: string }) => void)[]>();
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: (event: { data?: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data?: unknown) {
    for (const l of this.listeners.get(type) ?? []) l({ data: data === undefined ? undefined : JSON.stringify(data) });
  }
  close() {
    this.closed = true;
  }
}

describe('live board events', () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>).EventSource;
  });

  it('goes live on "ready", passes events on, asks for a resync after a reconnection, and polls when closed', async () => {
    (globalThis as Record<string, unknown>).EventSource = FakeEventSource;
    const events: unknown[] = [];
    let resyncs = 0;
    const { result, unmount } = renderHook(() =>
      useBoardEvents(
        'b1',
        'w1',
        (e) => events.push(e),
        () => resyncs++,
      ),
    );
    expect(result.current).toBe('connecting');
    const source = FakeEventSource.last!;
    expect(source.url).toBe('/api/v1/boards/b1/events?workspace=w1');
    act(() => source.emit('ready'));
    expect(result.current).toBe('live');
    expect(resyncs).toBe(0);
    act(() => source.emit('board', { boardId: 'b1', kind: 'ticket.updated', ticketId: 't', version: 2 }));
    act(() => source.emit('board', undefined)); // malformed: ignored
    expect(events).toEqual([{ boardId: 'b1', kind: 'ticket.updated', ticketId: 't', version: 2 }]);
    act(() => source.onerror?.());
    expect(result.current).toBe('connecting');
    act(() => source.emit('ready'));
    expect(resyncs).toBe(1);
    act(() => dispatchEvent(new Event('offline')));
    expect(result.current).toBe('offline');
    act(() => dispatchEvent(new Event('online')));
    expect(result.current).toBe('connecting');
    act(() => source.emit('closed'));
    expect(source.closed).toBe(true);
    expect(result.current).toBe('polling');
    unmount();
  });

  it('a refused stream falls back to polling and retries later', async () => {
    (globalThis as Record<string, unknown>).EventSource = FakeEventSource;
    const { result, unmount } = renderHook(() =>
      useBoardEvents(
        'b1',
        'w1',
        () => undefined,
        () => undefined,
      ),
    );
    const source = FakeEventSource.last!;
    source.readyState = FakeEventSource.CLOSED;
    act(() => source.onerror?.());
    expect(result.current).toBe('polling');
    unmount();
  });

  it('without EventSource at all the board polls', () => {
    const { result, unmount } = renderHook(() =>
      useBoardEvents(
        'b1',
        'w1',
        () => undefined,
        () => undefined,
      ),
    );
    expect(result.current).toBe('polling');
    unmount();
  });
});

const summary = (id: string, columnId: string, position: string) => ({
  id,
  boardId: 'b',
  columnId,
  title: id.toUpperCase(),
  priority: 'none' as const,
  assigneeId: null,
  labels: [],
  dueDate: null,
  position,
  version: 1,
  archivedAt: null,
  updatedAt: '',
});
const view = {
  board: { id: 'b', name: 'B', description: '', archivedAt: null, createdAt: '', updatedAt: '' },
  columns: [
    {
      id: 'c1',
      boardId: 'b',
      name: 'One',
      position: 'a',
      wipLimit: null,
      ticketCount: 2,
      nextCursor: null,
      tickets: [summary('a', 'c1', 'a0'), summary('b', 'c1', 'a1')],
    },
    {
      id: 'c2',
      boardId: 'b',
      name: 'Two',
      position: 'b',
      wipLimit: null,
      ticketCount: 1,
      nextCursor: null,
      tickets: [summary('c', 'c2', 'a0')],
    },
  ],
} as unknown as BoardView;

/** The drag hook with the real reducer; dnd-kit's events are given as dnd-kit would give them. */
function useHarness() {
  const [state, setState] = useState<BoardState>(() => initialBoardState(view));
  const ref = useRef(state);
  const moves: [string, string, number][] = [];
  const movesRef = useRef(moves);
  const act = (action: BoardAction) => {
    ref.current = boardReducer(ref.current, action);
    setState(ref.current);
    return ref.current;
  };
  const drag = useBoardDrag(ref, act, (id, col, index) => movesRef.current.push([id, col, index]));
  return { drag, state, moves: movesRef.current, ref };
}

const rect = (top: number) => ({ top, height: 60, left: 0, width: 200, bottom: top + 60, right: 200 });
const active = (id: string, top: number | null) =>
  ({
    id,
    data: { current: {} },
    rect: { current: { initial: null, translated: top === null ? null : rect(top) } },
  }) as never;
const over = (id: string, top = 0) => ({ id, rect: rect(top), data: { current: {} }, disabled: false }) as never;

describe('drag and drop handlers', () => {
  it('across columns: the card follows into the other column, before or after the hovered card by its middle', () => {
    const { result } = renderHook(useHarness);
    act(() => result.current.drag.onDragStart({ active: active('a', 0) } as unknown as DragStartEvent));
    expect(result.current.state.drag?.ticket.id).toBe('a');
    // Over the lower half of c: after it.
    act(() =>
      result.current.drag.onDragOver({ active: active('a', 40), over: over('c', 0) } as unknown as DragOverEvent),
    );
    expect(result.current.state.columns![1]!.tickets.map((t) => t.id)).toEqual(['c', 'a']);
    act(() =>
      result.current.drag.onDragEnd({ active: active('a', 40), over: over('c', 0) } as unknown as DragEndEvent),
    );
    expect(result.current.moves).toEqual([['a', 'c2', 1]]);
  });

  it('within a column: the sortable order decides; no target cancels; a column container keeps the preview', () => {
    const { result } = renderHook(useHarness);
    act(() => result.current.drag.onDragStart({ active: active('a', 0) } as unknown as DragStartEvent));
    act(() =>
      result.current.drag.onDragOver({ active: active('a', 70), over: over('b', 70) } as unknown as DragOverEvent),
    );
    act(() =>
      result.current.drag.onDragEnd({ active: active('a', 70), over: over('b', 70) } as unknown as DragEndEvent),
    );
    expect(result.current.moves).toEqual([['a', 'c1', 1]]);

    act(() => result.current.drag.onDragStart({ active: active('b', 0) } as unknown as DragStartEvent));
    act(() => result.current.drag.onDragEnd({ active: active('b', 0), over: null } as unknown as DragEndEvent));
    expect(result.current.state.drag).toBeNull();

    act(() => result.current.drag.onDragStart({ active: active('b', 0) } as unknown as DragStartEvent));
    act(() =>
      result.current.drag.onDragOver({ active: active('b', null), over: over('col:c2') } as unknown as DragOverEvent),
    );
    expect(result.current.state.columns![1]!.tickets.map((t) => t.id)).toEqual(['c', 'b']);
    act(() => result.current.drag.onDragCancel());
    expect(result.current.state.columns![0]!.tickets.map((t) => t.id)).toContain('b');
  });

  it('announces pick-up, moves and drops for screen readers, and finds the nearest card in a column', () => {
    const { result } = renderHook(useHarness);
    const { announcements } = result.current.drag.accessibility;
    expect(announcements.onDragStart({ active: active('a', 0) })).toBe(
      'Picked up ticket A. It is in One, position 1 of 2.',
    );
    expect(announcements.onDragOver({ active: active('a', 0), over: over('a') })).toBeUndefined();
    expect(announcements.onDragOver({ active: active('a', 0), over: over('c') })).toBe(
      'Ticket A is now in Two, position 1 of 2.',
    );
    expect(announcements.onDragEnd({ active: active('a', 0), over: over('b') })).toBe(
      'Dropped ticket A in One, position 2 of 2.',
    );
    expect(announcements.onDragCancel({ active: active('a', 0), over: null })).toContain('is back where it was');
    const container = {
      id: 'col:c2',
      rect: { current: rect(0) },
      data: { current: {} },
      disabled: false,
      key: 'col:c2',
      node: { current: null },
    };
    const cardC = {
      id: 'c',
      rect: { current: rect(10) },
      data: { current: {} },
      disabled: false,
      key: 'c',
      node: { current: null },
    };
    const hit = result.current.drag.collisionDetection({
      active: active('a', 0),
      collisionRect: rect(10) as never,
      droppableRects: new Map([
        ['col:c2', rect(0) as never],
        ['c', rect(10) as never],
      ]),
      droppableContainers: [container, cardC] as never,
      pointerCoordinates: { x: 10, y: 20 },
    });
    expect(hit).toEqual([{ id: 'c' }]);
  });
});
