import type { Board, BoardView, Ticket, TicketSummary } from '../api';
import { adjustCount, findTicket, placeTicket, removeTicket, summaryOf, toColumns, type ColumnState } from './model';

/**
 * The board screen's state as a pure reducer: what the user sees, given what the server said (load, resync, pages,
 * single tickets) and what the user did (drag, optimistic move, create, edit), and the live events of others.
 * It never fetches: the work an event asks for is written into the state (`refetch`, `reloads`) and the screen's
 * hooks do it, then report back with an action. Every transition is unit-tested (tests/unit/board-state.test.ts).
 */

export interface BoardEventMessage {
  boardId: string;
  kind: string;
  ticketId?: string;
  version?: number;
  columnId?: string;
  fromColumnId?: string;
}

/** Where a ticket was before the user moved it: what a failed move returns to. */
export interface Origin {
  ticket: TicketSummary;
  columnId: string;
  index: number;
}

export interface BoardState {
  board: Board | null;
  columns: ColumnState[] | null;
  /** Shown instead of (or above) the board. */
  error: string | null;
  /** The view is filtered: live events cannot be applied card by card, the board reloads instead. */
  filtered: boolean;
  /** The drag in progress (its origin), or null. */
  drag: Origin | null;
  /** Moves sent to the server and not yet answered, by ticket id. */
  pending: Record<string, Origin & { toColumnId: string }>;
  /** Events held back while a drag is on or while their ticket's own move is in flight. */
  queued: BoardEventMessage[];
  /** Created tickets already counted (our POST answer or the live event, whichever came first). */
  counted: string[];
  /** Tickets the screen must fetch again (a live event said they changed). */
  refetch: string[];
  /** Bumped when the whole board must be loaded again (columns changed, filters on, a reconnection). */
  reloads: number;
}

export type BoardAction =
  | { type: 'loaded'; board: Board; columns: ColumnState[]; filtered: boolean }
  | { type: 'loadFailed'; error: string }
  | { type: 'boardSaved'; board: Board }
  | { type: 'pageLoading'; columnId: string }
  | { type: 'pageLoaded'; columnId: string; cursor: string; tickets: TicketSummary[]; nextCursor: string | null }
  | { type: 'pageFailed'; columnId: string }
  | { type: 'dragStarted'; ticketId: string }
  | { type: 'dragOver'; ticketId: string; toColumnId: string; index: number }
  | { type: 'dragCancelled' }
  | { type: 'moveRequested'; ticketId: string; toColumnId: string; index: number }
  | { type: 'moveSettled'; ticket: Ticket | TicketSummary }
  | { type: 'moveFailed'; ticketId: string; refetch: boolean }
  | { type: 'created'; ticket: Ticket | TicketSummary }
  | { type: 'saved'; ticket: Ticket | TicketSummary }
  | { type: 'remoteEvent'; event: BoardEventMessage }
  | { type: 'ticketFetched'; ticketId: string; ticket: Ticket | TicketSummary | null }
  | { type: 'resync' };

export function initialBoardState(view: BoardView | null = null): BoardState {
  return {
    board: view?.board ?? null,
    columns: view ? toColumns(view) : null,
    error: null,
    filtered: false,
    drag: null,
    pending: {},
    queued: [],
    counted: [],
    refetch: [],
    reloads: 0,
  };
}

const withColumns = (state: BoardState, update: (columns: ColumnState[]) => ColumnState[]): BoardState =>
  state.columns ? { ...state, columns: update(state.columns) } : state;

/** Puts a ticket at an index of a column (taking it out of wherever it was), without touching the counts. */
export function insertAt(
  columns: ColumnState[],
  ticket: TicketSummary,
  columnId: string,
  index: number,
): ColumnState[] {
  return removeTicket(columns, ticket.id).map((c) => {
    if (c.id !== columnId) return c;
    const tickets = [...c.tickets];
    tickets.splice(Math.max(0, Math.min(index, tickets.length)), 0, { ...ticket, columnId });
    return { ...c, tickets };
  });
}

/** Replaces a ticket's summary where it is, keeping its place in the list. */
function replaceTicket(columns: ColumnState[], ticket: TicketSummary): ColumnState[] {
  return columns.map((c) =>
    c.tickets.some((t) => t.id === ticket.id)
      ? { ...c, tickets: c.tickets.map((t) => (t.id === ticket.id ? ticket : t)) }
      : c,
  );
}

/** The held events are replayed once nothing holds them any more. */
function release(state: BoardState): BoardState {
  if (state.drag || state.queued.length === 0) return state;
  const held = state.queued;
  let next: BoardState = { ...state, queued: [] };
  for (const event of held) next = applyEvent(next, event);
  return next;
}

const addOnce = (list: string[], id: string) => (list.includes(id) ? list : [...list, id]);

/** Another person's change (or our own, echoed back), applied to the loaded view. */
function applyEvent(state: BoardState, event: BoardEventMessage): BoardState {
  // A workspace label colour: no card changed (the chips read the colours themselves, src/ui/labels.tsx).
  if (event.kind === 'labels.changed') return state;
  if (state.drag || (event.ticketId && state.pending[event.ticketId])) {
    return { ...state, queued: [...state.queued, event] };
  }
  if (event.kind === 'board.deleted') return { ...state, error: 'This board was deleted.' };
  // A comment changes a card's count, never its version, place or whether a filter matches it: refetch the card.
  if (event.kind === 'ticket.commented') {
    const shown = event.ticketId && state.columns && findTicket(state.columns, event.ticketId);
    return shown ? { ...state, refetch: addOnce(state.refetch, event.ticketId!) } : state;
  }
  if (event.kind === 'column.changed' || event.kind === 'board.updated' || state.filtered) {
    return { ...state, reloads: state.reloads + 1 };
  }
  if (!event.ticketId || !state.columns) return state;
  const ticketId = event.ticketId;
  const local = findTicket(state.columns, ticketId);
  // Our own change (or one we already have) comes back with a version we hold.
  if (local && event.version !== undefined && local.ticket.version >= event.version) return state;
  const refetch = { ...state, refetch: addOnce(state.refetch, ticketId) };
  switch (event.kind) {
    case 'ticket.created':
      if (state.counted.includes(ticketId)) return refetch;
      return withColumns({ ...refetch, counted: [...state.counted, ticketId] }, (cols) =>
        adjustCount(cols, event.columnId, 1),
      );
    case 'ticket.restored':
      return withColumns(refetch, (cols) => adjustCount(cols, event.columnId, 1));
    case 'ticket.moved':
      return event.fromColumnId !== event.columnId
        ? withColumns(refetch, (cols) => adjustCount(adjustCount(cols, event.fromColumnId, -1), event.columnId, 1))
        : refetch;
    case 'ticket.updated':
      return local ? refetch : state;
    case 'ticket.archived':
    case 'ticket.deleted':
      return withColumns(state, (cols) => adjustCount(removeTicket(cols, ticketId), event.fromColumnId, -1));
    default:
      return state;
  }
}

/** Where a pending move put its ticket: re-applied on top of a fresh load until the server answers. */
function reapplyPending(columns: ColumnState[], pending: BoardState['pending']): ColumnState[] {
  let next = columns;
  for (const [ticketId, move] of Object.entries(pending)) {
    const found = findTicket(next, ticketId);
    if (found && found.column.id === move.toColumnId) continue;
    next = insertAt(next, found?.ticket ?? move.ticket, move.toColumnId, 0);
  }
  return next;
}

export function boardReducer(state: BoardState, action: BoardAction): BoardState {
  switch (action.type) {
    case 'loaded':
      return {
        ...state,
        board: action.board,
        columns: reapplyPending(action.columns, state.pending),
        filtered: action.filtered,
        error: null,
      };
    case 'loadFailed':
      return { ...state, error: action.error };
    case 'boardSaved':
      return { ...state, board: action.board };
    case 'resync':
      return state.drag ? state : { ...state, reloads: state.reloads + 1 };

    case 'pageLoading':
      return withColumns(state, (cols) => cols.map((c) => (c.id === action.columnId ? { ...c, loading: true } : c)));
    case 'pageFailed':
      return withColumns(state, (cols) => cols.map((c) => (c.id === action.columnId ? { ...c, loading: false } : c)));
    case 'pageLoaded':
      return withColumns(state, (cols) =>
        cols.map((c) => {
          if (c.id !== action.columnId) return c;
          // A reload meanwhile replaced this column's window: the page belongs to an older one.
          if (c.nextCursor !== action.cursor) return { ...c, loading: false };
          const known = new Set(c.tickets.map((t) => t.id));
          return {
            ...c,
            tickets: [...c.tickets, ...action.tickets.filter((t) => !known.has(t.id)).map(summaryOf)],
            nextCursor: action.nextCursor,
            loading: false,
          };
        }),
      );

    case 'dragStarted': {
      const found = state.columns ? findTicket(state.columns, action.ticketId) : null;
      if (!found) return state;
      return { ...state, drag: { ticket: found.ticket, columnId: found.column.id, index: found.index } };
    }
    case 'dragOver': {
      if (!state.drag || !state.columns) return state;
      const found = findTicket(state.columns, action.ticketId);
      if (!found) return state;
      return withColumns(state, (cols) => insertAt(cols, found.ticket, action.toColumnId, action.index));
    }
    case 'dragCancelled': {
      const origin = state.drag;
      if (!origin) return state;
      const back = withColumns(state, (cols) => insertAt(cols, origin.ticket, origin.columnId, origin.index));
      return release({ ...back, drag: null });
    }
    case 'moveRequested': {
      if (!state.columns) return state;
      const found = findTicket(state.columns, action.ticketId);
      if (!found) return release({ ...state, drag: null });
      const origin = state.drag ?? { ticket: found.ticket, columnId: found.column.id, index: found.index };
      const placed = insertAt(state.columns, found.ticket, action.toColumnId, action.index);
      const after = findTicket(placed, action.ticketId)!;
      if (after.column.id === origin.columnId && after.index === origin.index) {
        // Dropped where it started: nothing to send.
        return release({ ...state, columns: placed, drag: null });
      }
      const moved = origin.columnId !== action.toColumnId;
      return {
        ...state,
        drag: null,
        columns: moved ? adjustCount(adjustCount(placed, origin.columnId, -1), action.toColumnId, 1) : placed,
        pending: { ...state.pending, [action.ticketId]: { ...origin, toColumnId: action.toColumnId } },
      };
    }
    case 'moveSettled': {
      const { [action.ticket.id]: _settled, ...pending } = state.pending;
      const next = withColumns({ ...state, pending }, (cols) => replaceTicket(cols, summaryOf(action.ticket)));
      return release(next);
    }
    case 'moveFailed': {
      const move = state.pending[action.ticketId];
      if (!move) return state;
      const { [action.ticketId]: _failed, ...pending } = state.pending;
      let next = withColumns({ ...state, pending }, (cols) => {
        const back = insertAt(cols, move.ticket, move.columnId, move.index);
        return move.columnId !== move.toColumnId
          ? adjustCount(adjustCount(back, move.toColumnId, -1), move.columnId, 1)
          : back;
      });
      if (action.refetch) next = { ...next, refetch: addOnce(next.refetch, action.ticketId) };
      return release(next);
    }

    case 'created': {
      const ticket = summaryOf(action.ticket);
      const isNew = !state.counted.includes(ticket.id);
      return withColumns({ ...state, counted: addOnce(state.counted, ticket.id) }, (cols) => {
        const placed = placeTicket(cols, ticket);
        return isNew ? adjustCount(placed, ticket.columnId, 1) : placed;
      });
    }
    case 'saved':
      return withColumns(state, (cols) => replaceTicket(cols, summaryOf(action.ticket)));

    case 'remoteEvent':
      return applyEvent(state, action.event);
    case 'ticketFetched': {
      const rest = { ...state, refetch: state.refetch.filter((id) => id !== action.ticketId) };
      if (!action.ticket || action.ticket.archivedAt)
        return withColumns(rest, (cols) => removeTicket(cols, action.ticketId));
      return withColumns(rest, (cols) => placeTicket(cols, summaryOf(action.ticket!)));
    }
  }
}

/** The neighbour the server needs to place a moved ticket where it now is: the card above it, else the one below. */
export function neighboursOf(columns: ColumnState[], ticketId: string): { afterId?: string; beforeId?: string } {
  const found = findTicket(columns, ticketId);
  if (!found) return {};
  const afterId = found.column.tickets[found.index - 1]?.id;
  if (afterId) return { afterId };
  const beforeId = found.column.tickets[found.index + 1]?.id;
  return beforeId ? { beforeId } : {};
}

/**
 * The index a dragged card takes in a column when released over one of its cards: after that card when the dragged
 * card's middle is below the other's middle, before it otherwise. (Comparing the dragged card's top edge instead
 * — the old rule — put a card dropped on the lower half of a taller card above it: bug 3 of issue 18.)
 */
export function dropIndex(
  overIndex: number,
  active: { top: number; height: number } | null,
  over: { top: number; height: number },
): number {
  if (!active) return overIndex;
  return active.top + active.height / 2 > over.top + over.height / 2 ? overIndex + 1 : overIndex;
}
