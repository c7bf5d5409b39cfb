'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { data, type ApiClient } from './client';

// The signed-in member's count of unread notices in this workspace: shown beside "Notifications" in the navigation
// (on every page, refreshed every minute and when the tab is focused again) and kept in step by the notifications
// page, which knows the count from its own list and after marking notices read. The query cache is per workspace
// (AppShell keys it on the workspace), so one key is enough.
export const unreadNoticesKey = ['notifications', 'unread'] as const;

export function useUnreadNotices(client: ApiClient): number {
  const { data: unread = 0 } = useQuery({
    queryKey: unreadNoticesKey,
    queryFn: async () =>
      (await data(client.GET('/notifications', { params: { query: { unread: 'true', limit: 1 } } }))).unread,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
  return unread;
}

/** For the notifications page: the count it has just read, told to the navigation. */
export function useSetUnreadNotices(): (unread: number) => void {
  const queryClient = useQueryClient();
  return useCallback((unread: number) => queryClient.setQueryData(unreadNoticesKey, unread), [queryClient]);
}

export function UnreadCount({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span
      className="ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-accent px-1.5 text-xs leading-5 font-semibold text-accent-fg"
      data-testid="unread-count"
    >
      {count > 99 ? '99+' : count}
      <span className="sr-only"> unread</span>
    </span>
  );
}
