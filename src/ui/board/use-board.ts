'use client';

import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BoardView, Ticket, TicketSummary } from '../api';
import { ApiError, data, describeError, type ApiClient } from '../client';
import { PER_COLUMN, filterQuery, hasFilters, summaryOf, toColumns, type ColumnState, type Filters } from './model';
import { boardReducer, initialBoardState, neighboursOf, type BoardAction, type BoardState } from './state';

const PAGE = 100;

export type Say = (kind: 'ok' | 'error', text: string) => void;

/** The first page of every column, or (filtered) the first matching page of every column. */
export async function fetchBoard(api: ApiClient, boardId: string, filters: Filters, signal?: AbortSignal) {
  if (!hasFilters(filters)) {
    const view = await data(
      api.GET('/boards/{boardId}', { params: { path: { boardId }, query: { perColumn: PER_COLUMN } }, signal }),
    );
    return { board: view.board, columns: toColumns(view), filtered: false };
  }
  const view = await data(
    api.GET('/boards/{boardId}', { params: { path: { boardId }, query: { perColumn: 1 } }, signal }),
  );
  const pages = await Promise.all(
    view.columns.map((c) =>
      data(
        api.GET('/tickets', {
          params: { query: { columnId: c.id, limit: PER_COLUMN, ...filterQuery(filters) } },
          signal,
        }),
      ),
    ),
  );
  const columns: ColumnState[] = view.columns.map(({ tickets: _first, nextCursor: _cursor, ...column }, i) => ({
    ...column,
    tickets: pages[i]!.data.map(summaryOf),
    nextCursor: pages[i]!.nextCursor,
    loading: false,
  }));
  return { board: view.board, columns, filtered: true };
}

/**
 * The board's state (the pure reducer in state.ts) wired to the server: TanStack Query loads the board for the
 * current filters (the server-rendered view is its first answer), and the work the reducer asks for — a reload,
 * a ticket to fetch again — is done here. `act` applies an action at once to a ref as well, so event handlers
 * (dnd-kit's, the live stream's) always read the state their action produced.
 */
export function useBoard(api: ApiClient, boardId: string, filters: Filters, initial: BoardView | null, say: Say) {
  const [state, setState] = useState<BoardState>(() => initialBoardState(initial));
  const ref = useRef(state);
  const act = useCallback((action: BoardAction) => {
    ref.current = boardReducer(ref.current, action);
    setState(ref.current);
    return ref.current;
  }, []);

  const filtered = hasFilters(filters);
  const query = useQuery({
    queryKey: ['board', boardId, filters],
    queryFn: ({ signal }) => fetchBoard(api, boardId, filters, signal),
    initialData:
      initial && !filtered ? { board: initial.board, columns: toColumns(initial), filtered: false } : undefined,
    staleTime: Infinity,
    retry: false,
  });
  const { refetch } = query;
  useEffect(() => {
    if (query.data) act({ type: 'loaded', ...query.data });
  }, [query.data, act]);
  useEffect(() => {
    if (!query.error) return;
    const error = query.error;
    act({
      type: 'loadFailed',
      error:
        error instanceof ApiError && error.status === 404
          ? 'This board does not exist, or you cannot see it.'
          : describeError(error),
    });
  }, [query.error, act]);
  const reloads = state.reloads;
  useEffect(() => {
    if (reloads > 0) void refetch();
  }, [reloads, refetch]);

  // Tickets a live event said changed: fetched once each, then placed (or removed when gone or archived).
  const fetching = useRef(new Set<string>());
  useEffect(() => {
    for (const ticketId of state.refetch) {
      if (fetching.current.has(ticketId)) continue;
      fetching.current.add(ticketId);
      data(api.GET('/tickets/{ticketId}', { params: { path: { ticketId } } }))
        .then(
          (ticket) => act({ type: 'ticketFetched', ticketId, ticket }),
          (error: unknown) => {
            if (error instanceof ApiError && error.status === 404)
              act({ type: 'ticketFetched', ticketId, ticket: null });
          },
        )
        .finally(() => fetching.current.delete(ticketId));
    }
  }, [state.refetch, api, act]);

  const loadMore = useCallback(
    async (columnId: string) => {
      const column = ref.current.columns?.find((c) => c.id === columnId);
      if (!column?.nextCursor || column.loading) return;
      const cursor = column.nextCursor;
      act({ type: 'pageLoading', columnId });
      try {
        const page = await data(
          api.GET('/tickets', { params: { query: { columnId, cursor, limit: PAGE, ...filterQuery(filters) } } }),
        );
        act({ type: 'pageLoaded', columnId, cursor, tickets: page.data, nextCursor: page.nextCursor });
      } catch (error) {
        act({ type: 'pageFailed', columnId });
        say('error', `Could not load more tickets: ${describeError(error)}`);
      }
    },
    [api, act, filters, say],
  );

  /** The one placement rule (the API's): a new ticket goes to the bottom, or to the top when asked. */
  const create = useCallback(
    async (columnId: string, title: string, where: 'top' | 'bottom' = 'bottom'): Promise<string | null> => {
      try {
        const ticket = await data(
          api.POST('/tickets', {
            body: { columnId, title, ...(where === 'top' ? { placement: 'top' as const } : {}) },
          }),
        );
        act({ type: 'created', ticket });
        say('ok', `Added “${ticket.title}” to the ${where} of ${columnName(ref.current, columnId)}.`);
        return null;
      } catch (error) {
        return describeError(error);
      }
    },
    [api, act, say],
  );

  /** An optimistic move: shown at once, sent with the neighbour it now has, settled or rolled back by the answer. */
  const move = useCallback(
    (ticketId: string, toColumnId: string, index: number) => {
      const before = ref.current;
      const after = act({ type: 'moveRequested', ticketId, toColumnId, index });
      const pending = after.pending[ticketId];
      if (!pending || before.pending[ticketId]) return;
      const position = after.columns!.find((c) => c.id === toColumnId)!.tickets.findIndex((t) => t.id === ticketId);
      const target = columnName(after, toColumnId);
      data(
        api.POST('/tickets/{ticketId}/move', {
          params: { path: { ticketId } },
          body: { version: pending.ticket.version, columnId: toColumnId, ...neighboursOf(after.columns!, ticketId) },
        }),
      ).then(
        (ticket) => {
          act({ type: 'moveSettled', ticket });
          say('ok', `Moved “${ticket.title}” to ${target}, position ${position + 1}.`);
        },
        (error: unknown) => {
          const conflict =
            error instanceof ApiError && (error.code === 'VERSION_CONFLICT' || error.code === 'CONFLICT');
          act({ type: 'moveFailed', ticketId, refetch: conflict });
          say('error', `Move of “${pending.ticket.title}” undone. ${moveRefusal(error, target)}`);
        },
      );
    },
    [api, act, say],
  );

  const saved = useCallback((ticket: Ticket | TicketSummary) => act({ type: 'saved', ticket }), [act]);
  return { state, ref, act, loadMore, create, move, saved, reload: refetch };
}

const columnName = (state: BoardState, columnId: string) =>
  state.columns?.find((c) => c.id === columnId)?.name ?? 'the column';

export function moveRefusal(error: unknown, target: string): string {
  if (error instanceof ApiError && error.code === 'WIP_LIMIT_EXCEEDED') return `${target} is at its WIP limit.`;
  if (error instanceof ApiError && error.code === 'VERSION_CONFLICT')
    return 'Someone else changed this ticket first; it has been refreshed.';
  if (error instanceof ApiError && error.status === 403) return 'Your role cannot move tickets.';
  return describeError(error);
}
