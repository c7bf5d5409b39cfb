'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import type { TicketActivity } from '../api';
import { data, describeError } from '../client';
import { useWorkspace } from '../app-shell';
import { Button, ErrorMessage, formatDate, relativeTime } from '../components';
import { keys } from './queries';

/** One line of a ticket's history, in words: "moved it from Doing to To do", "changed priority, labels". */
export function describeActivity(
  entry: Pick<TicketActivity, 'action' | 'changes'>,
  columns: { id: string; name: string }[],
): string {
  const columnName = (id: unknown) => columns.find((c) => c.id === id)?.name ?? 'another column';
  const before = (entry.changes.before ?? {}) as Record<string, unknown>;
  const after = (entry.changes.after ?? {}) as Record<string, unknown>;
  switch (entry.action) {
    case 'CREATE':
      return `created the ticket in ${columnName(after.columnId)}`;
    case 'MOVE':
      return before.columnId === after.columnId
        ? `reordered it within ${columnName(after.columnId)}`
        : `moved it from ${columnName(before.columnId)} to ${columnName(after.columnId)}`;
    case 'UPDATE': {
      const label: Record<string, string> = { assigneeId: 'assignee', dueDate: 'due date' };
      const fields = Object.keys(after).filter(
        (k) => k !== 'version' && k !== 'updatedAt' && JSON.stringify(before[k]) !== JSON.stringify(after[k]),
      );
      return `changed ${fields.map((k) => label[k] ?? k).join(', ') || 'nothing visible'}`;
    }
    case 'ARCHIVE':
      return 'archived it';
    case 'RESTORE':
      return 'restored it';
    default:
      return entry.action.toLowerCase();
  }
}

export function actorName(entry: Pick<TicketActivity, 'actorType' | 'actorId'>, nameOf: (id: string | null) => string) {
  return entry.actorType === 'token' ? 'An API token' : entry.actorType === 'system' ? 'Tika' : nameOf(entry.actorId);
}

export function Activity({
  ticketId,
  nameOf,
  columns,
}: {
  ticketId: string;
  nameOf: (id: string | null) => string;
  columns: { id: string; name: string }[];
}) {
  const { client: api } = useWorkspace();
  const activity = useInfiniteQuery({
    queryKey: keys.activity(ticketId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      data(
        api.GET('/tickets/{ticketId}/activity', {
          params: { path: { ticketId }, query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const entries = activity.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section aria-labelledby={`activity-${ticketId}`} className="mt-8">
      <h3 id={`activity-${ticketId}`} className="mb-3 text-sm font-semibold">
        Activity
      </h3>
      <ErrorMessage error={activity.error ? describeError(activity.error) : null} />
      {activity.isSuccess && entries.length === 0 ? <p className="text-sm text-muted">No activity recorded.</p> : null}
      <ol className="activity flex flex-col gap-2 border-l-2 border-border pl-4 text-sm">
        {entries.map((entry) => (
          <li key={entry.id}>
            <strong className="font-medium">{actorName(entry, nameOf)}</strong> {describeActivity(entry, columns)}{' '}
            <time className="text-xs text-muted" dateTime={entry.createdAt} title={formatDate(entry.createdAt)}>
              {relativeTime(entry.createdAt)}
            </time>
          </li>
        ))}
      </ol>
      {activity.hasNextPage ? (
        <Button variant="ghost" size="sm" className="mt-2" onClick={() => void activity.fetchNextPage()}>
          Show older activity
        </Button>
      ) : null}
    </section>
  );
}
