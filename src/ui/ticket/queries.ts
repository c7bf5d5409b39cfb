'use client';

import { useQuery } from '@tanstack/react-query';
import { data, type ApiClient } from '../client';

/** Query keys and fetchers shared by the ticket dialog, the ticket page and the board (one cache). */
export const keys = {
  ticket: (id: string) => ['ticket', id] as const,
  comments: (id: string) => ['ticket', id, 'comments'] as const,
  activity: (id: string) => ['ticket', id, 'activity'] as const,
  members: ['members'] as const,
  columns: (boardId: string) => ['board', boardId, 'columns'] as const,
};

export function useMembers(api: ApiClient) {
  return useQuery({
    queryKey: keys.members,
    queryFn: async () => (await data(api.GET('/members'))).data,
    staleTime: 60_000,
  });
}

/** A board's columns (names and order), without its tickets. */
export function useColumns(api: ApiClient, boardId: string | undefined) {
  return useQuery({
    queryKey: keys.columns(boardId ?? ''),
    enabled: Boolean(boardId),
    queryFn: async () =>
      (await data(api.GET('/boards/{boardId}', { params: { path: { boardId: boardId! }, query: { perColumn: 1 } } })))
        .columns,
  });
}
