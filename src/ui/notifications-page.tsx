'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { describeError, type Notification } from './api';
import { useWorkspace } from './app-shell';
import { EmptyState, ErrorMessage, Loading, formatDate } from './primitives';

export function NotificationsPage() {
  const { api } = useWorkspace();
  const [notices, setNotices] = useState<{ data: Notification[]; unread: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setNotices(await api.get<{ data: Notification[]; unread: number }>('/notifications', { limit: 100 }));
    } catch (e) {
      setError(describeError(e));
    }
  }, [api]);
  useEffect(() => void load(), [load]);
  const markRead = (ids?: string[]) =>
    void api.post('/notifications/read', ids ? { ids } : {}).then(load, (e) => setError(describeError(e)));

  return (
    <main>
      <h1>Notifications</h1>
      <p className="muted">Due-date reminders for tickets assigned to you, and notices about this workspace.</p>
      <ErrorMessage error={error} />
      {notices === null && !error ? <Loading /> : null}
      {notices && notices.data.length === 0 ? <EmptyState title="Nothing to report" /> : null}
      {notices && notices.unread > 0 ? (
        <button type="button" onClick={() => markRead()}>
          Mark all {notices.unread} read
        </button>
      ) : null}
      {notices && notices.data.length > 0 ? (
        <ul className="notices">
          {notices.data.map((n) => (
            <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
              <p>
                <strong>{n.readAt ? n.title : `● ${n.title}`}</strong>
              </p>
              {n.body ? <p>{n.body}</p> : null}
              <p className="muted">
                {formatDate(n.createdAt)}
                {n.link ? (
                  <>
                    {' · '}
                    <Link href={n.link} onClick={() => !n.readAt && markRead([n.id])}>
                      Open
                    </Link>
                  </>
                ) : null}
                {!n.readAt ? (
                  <>
                    {' · '}
                    <button type="button" className="ghost" onClick={() => markRead([n.id])}>
                      Mark read
                    </button>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </main>
  );
}
