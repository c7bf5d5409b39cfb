'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { describeError, type Notification } from './api';
import { data } from './client';
import { useWorkspace } from './app-shell';
import { useSetUnreadNotices } from './notifications-unread';
import { Button, EmptyState, ErrorMessage, Loading, Page, PageHeader, cn, formatDate } from './components';

export function NotificationsPage() {
  const { client: api } = useWorkspace();
  const [notices, setNotices] = useState<{ data: Notification[]; unread: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const setUnread = useSetUnreadNotices();
  const load = useCallback(async () => {
    try {
      const list = await data(api.GET('/notifications', { params: { query: { limit: 100 } } }));
      setNotices(list);
      setUnread(list.unread);
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }, [api, setUnread]);
  useEffect(() => void load(), [load]);
  // The answer's count goes to the navigation at once, even when "Open" has already left this page.
  const markRead = (ids?: string[]) =>
    void data(api.POST('/notifications/read', { body: ids ? { ids } : {} })).then(
      (result) => {
        setUnread(result.unread);
        return load();
      },
      (e) => setError(describeError(e)),
    );

  return (
    <Page>
      <PageHeader
        title="Notifications"
        description="Due-date reminders for tickets assigned to you, and notices about this workspace."
        actions={
          notices && notices.unread > 0 ? (
            <Button onClick={() => markRead()}>Mark all {notices.unread} read</Button>
          ) : undefined
        }
      />
      <ErrorMessage error={error} className="mb-4" />
      {notices === null && !error ? <Loading /> : null}
      {notices && notices.data.length === 0 ? <EmptyState title="Nothing to report" /> : null}
      {notices && notices.data.length > 0 ? (
        <ul className="flex flex-col divide-y divide-border rounded-lg border border-border bg-surface">
          {notices.data.map((n) => (
            <li key={n.id} className={cn('flex flex-col gap-1 px-4 py-3 text-sm', !n.readAt && 'bg-accent-soft/40')}>
              <p className={cn(n.readAt ? 'font-medium' : 'font-semibold')}>
                {n.readAt ? null : <span className="sr-only">Unread: </span>}
                {n.title}
              </p>
              {n.body ? <p className="text-muted">{n.body}</p> : null}
              <p className="flex flex-wrap items-center gap-2 text-xs text-muted">
                {formatDate(n.createdAt)}
                {n.link ? (
                  <Link
                    className="text-accent hover:underline"
                    href={n.link}
                    onClick={() => !n.readAt && markRead([n.id])}
                  >
                    Open
                  </Link>
                ) : null}
                {!n.readAt ? (
                  <Button size="sm" variant="ghost" onClick={() => markRead([n.id])}>
                    Mark read
                  </Button>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
