'use client';

import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import {
  ApiError,
  describeError,
  type Column,
  type Comment,
  type Member,
  type Page,
  type Ticket,
  type TicketActivity,
} from './api';
import { TicketMetaFields, ticketEdits } from './ticket-fields';
import { useWorkspace } from './app-shell';
import { Markdown } from './markdown';
import { EmptyState, ErrorMessage, Loading, formatDate } from './primitives';

export function TicketPage({ ticketId, flags }: { ticketId: string; flags: { comments: boolean } }) {
  const { api, can, base, me } = useWorkspace();
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [columns, setColumns] = useState<Column[]>([]);
  const [members, setMembers] = useState<Member[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [activityKey, setActivityKey] = useState(0);

  const load = useCallback(async () => {
    try {
      const value = await api.get<Ticket>(`/tickets/${ticketId}`);
      setTicket(value);
      const view = await api.get<{ columns: Column[] }>(`/boards/${value.boardId}`, { perColumn: 1 });
      setColumns(view.columns);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 404
          ? 'This ticket does not exist, or you cannot see it.'
          : describeError(e),
      );
    }
  }, [api, ticketId]);
  useEffect(() => {
    void load();
    api.get<{ data: Member[] }>('/members').then(
      (r) => setMembers(r.data),
      () => undefined,
    );
  }, [load, api]);

  const names = useMemo(() => new Map(members.map((m) => [m.userId, m.name || m.email])), [members]);
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? 'a former member') : 'nobody');

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!ticket) return;
    const form = new FormData(event.currentTarget);
    try {
      const changes = ticketEdits(form, ticket);
      if (Object.keys(changes).length === 0) {
        setEditing(false);
        return;
      }
      const saved = await api.patch<Ticket>(`/tickets/${ticket.id}`, { version: ticket.version, ...changes });
      setTicket(saved);
      setEditing(false);
      setSaveError(null);
      setActivityKey((k) => k + 1);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        setSaveError('Someone else changed this ticket meanwhile. The latest version is shown; make your edit again.');
        setEditing(false);
        void load();
      } else setSaveError(describeError(e));
    }
  }

  async function archive() {
    if (!ticket) return;
    try {
      setTicket(
        await api.post<Ticket>(`/tickets/${ticket.id}/${ticket.archivedAt ? 'restore' : 'archive'}`, {
          version: ticket.version,
        }),
      );
      setActivityKey((k) => k + 1);
    } catch (e) {
      setSaveError(describeError(e));
    }
  }

  if (error)
    return (
      <main>
        <ErrorMessage error={error} />
        <p>
          <Link href={base}>Back to boards</Link>
        </p>
      </main>
    );
  if (!ticket)
    return (
      <main>
        <Loading label="Loading ticket…" />
      </main>
    );
  const column = columns.find((c) => c.id === ticket.columnId);
  return (
    <main className="ticket-page">
      <p>
        <Link href={`${base}/b/${ticket.boardId}`}>← Back to the board</Link>
      </p>
      {editing ? (
        <form onSubmit={save} className="stack">
          <label>
            Title
            <input name="title" defaultValue={ticket.title} required maxLength={200} />
          </label>
          <label>
            Description <span className="muted">(Markdown)</span>
            <textarea name="description" defaultValue={ticket.description} rows={10} maxLength={20000} />
          </label>
          <TicketMetaFields ticket={ticket} members={members} />
          <ErrorMessage error={saveError} />
          <div className="row">
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" className="ghost" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <h1>{ticket.title}</h1>
          <dl className="facts">
            <dt>Column</dt>
            <dd>
              {column?.name ?? '…'}
              {ticket.archivedAt ? ' (archived)' : ''}
            </dd>
            <dt>Priority</dt>
            <dd>{ticket.priority}</dd>
            <dt>Assignee</dt>
            <dd>{ticket.assigneeId ? nameOf(ticket.assigneeId) : 'Unassigned'}</dd>
            <dt>Labels</dt>
            <dd>{ticket.labels.length ? ticket.labels.join(', ') : 'None'}</dd>
            <dt>Due</dt>
            <dd>{ticket.dueDate ?? 'No due date'}</dd>
            <dt>Created</dt>
            <dd>
              {formatDate(ticket.createdAt)} by {nameOf(ticket.createdBy)}
            </dd>
          </dl>
          <ErrorMessage error={saveError} />
          {can('ticket:update') || can('ticket:archive') ? (
            <div className="row">
              {can('ticket:update') ? (
                <button type="button" onClick={() => setEditing(true)}>
                  Edit
                </button>
              ) : null}
              {can('ticket:archive') ? (
                <button type="button" className="ghost" onClick={() => void archive()}>
                  {ticket.archivedAt ? 'Restore' : 'Archive'}
                </button>
              ) : null}
            </div>
          ) : null}
          <section aria-labelledby="desc-title">
            <h2 id="desc-title">Description</h2>
            <Markdown source={ticket.description} />
          </section>
        </>
      )}
      {flags.comments ? (
        <Comments
          ticketId={ticket.id}
          nameOf={nameOf}
          canComment={can('comment:create')}
          canDeleteAny={can('comment:delete-any')}
          myId={me.user.id}
          onChange={() => setActivityKey((k) => k + 1)}
        />
      ) : null}
      <Activity key={activityKey} ticketId={ticket.id} nameOf={nameOf} columns={columns} />
    </main>
  );
}

function Comments({
  ticketId,
  nameOf,
  canComment,
  canDeleteAny,
  myId,
  onChange,
}: {
  ticketId: string;
  nameOf: (id: string | null) => string;
  canComment: boolean;
  canDeleteAny: boolean;
  myId: string;
  onChange: () => void;
}) {
  const { api } = useWorkspace();
  const [comments, setComments] = useState<Comment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      api.get<{ data: Comment[] }>(`/tickets/${ticketId}/comments`).then(
        (r) => setComments(r.data),
        (e) => setError(describeError(e)),
      ),
    [api, ticketId],
  );
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">Comments</h2>
      <ErrorMessage error={error} />
      {comments === null && !error ? <Loading /> : null}
      {comments?.length === 0 ? <p className="muted">No comments yet.</p> : null}
      <ol className="comments">
        {comments?.map((comment) => (
          <li key={comment.id}>
            <p className="muted small">
              {comment.authorId ? nameOf(comment.authorId) : 'API token'} · {formatDate(comment.createdAt)}
              {canDeleteAny || comment.authorId === myId ? (
                <button
                  type="button"
                  className="ghost small"
                  onClick={() =>
                    api.del(`/comments/${comment.id}`).then(
                      () => {
                        onChange();
                        return load();
                      },
                      (e) => setError(describeError(e)),
                    )
                  }
                >
                  Delete
                </button>
              ) : null}
            </p>
            <Markdown source={comment.body} />
          </li>
        ))}
      </ol>
      {canComment ? (
        <form
          className="stack"
          onSubmit={async (event) => {
            event.preventDefault();
            const formElement = event.currentTarget;
            const body = String(new FormData(formElement).get('body') ?? '').trim();
            if (!body) return;
            try {
              await api.post(`/tickets/${ticketId}/comments`, { body });
              formElement.reset();
              setError(null);
              onChange();
              await load();
            } catch (e) {
              setError(describeError(e));
            }
          }}
        >
          <label>
            Add a comment <span className="muted">(Markdown)</span>
            <textarea name="body" rows={3} maxLength={10000} required />
          </label>
          <button type="submit">Comment</button>
        </form>
      ) : null}
    </section>
  );
}

function describeActivity(entry: TicketActivity, columns: Column[]): string {
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
        (k) => k !== 'version' && JSON.stringify(before[k]) !== JSON.stringify(after[k]),
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

function Activity({
  ticketId,
  nameOf,
  columns,
}: {
  ticketId: string;
  nameOf: (id: string | null) => string;
  columns: Column[];
}) {
  const { api } = useWorkspace();
  const [entries, setEntries] = useState<TicketActivity[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    async (after?: string) => {
      try {
        const page = await api.get<Page<TicketActivity>>(`/tickets/${ticketId}/activity`, { limit: 20, cursor: after });
        setEntries((current) => [...(after ? (current ?? []) : []), ...page.data]);
        setCursor(page.nextCursor);
      } catch (e) {
        setError(describeError(e));
      }
    },
    [api, ticketId],
  );
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section aria-labelledby="activity-title">
      <h2 id="activity-title">Activity</h2>
      <ErrorMessage error={error} />
      {entries?.length === 0 ? <EmptyState title="No activity recorded" /> : null}
      <ol className="activity">
        {entries?.map((entry) => (
          <li key={entry.id}>
            <strong>
              {entry.actorType === 'token'
                ? 'An API token'
                : entry.actorType === 'system'
                  ? 'Tika'
                  : nameOf(entry.actorId)}
            </strong>{' '}
            {describeActivity(entry, columns)} <span className="muted small">{formatDate(entry.createdAt)}</span>
          </li>
        ))}
      </ol>
      {cursor ? (
        <button type="button" className="ghost" onClick={() => void load(cursor)}>
          Show older activity
        </button>
      ) : null}
    </section>
  );
}
