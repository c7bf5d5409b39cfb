'use client';

import Link from 'next/link';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Archive, ArchiveRestore, ExternalLink, Pencil } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { priorities, type Member, type Ticket } from '../api';
import { ApiError, data, describeError } from '../client';
import { useWorkspace } from '../app-shell';
import {
  Badge,
  Button,
  ErrorMessage,
  Input,
  LabelChip,
  Loading,
  Select,
  formatDate,
  relativeTime,
} from '../components';
import { Markdown } from '../markdown';
import { isTyping } from '../shortcuts';
import { Activity } from './activity';
import { Comments } from './comments';
import { MarkdownEditor } from './markdown-editor';
import { keys, useColumns, useMembers } from './queries';

type Patch = Partial<Pick<Ticket, 'title' | 'description' | 'priority' | 'assigneeId' | 'labels' | 'dueDate'>>;

/**
 * A ticket, every field editable in place (each change is one PATCH with the version read, so a concurrent edit
 * is caught), its description as Markdown with an editor and preview, comments and activity. The same component
 * is the dialog over the board and the ticket's own page.
 */
export function TicketDetail({
  ticketId,
  comments: showComments,
  onChanged,
  titleAs = 'h1',
  renderTitle,
}: {
  ticketId: string;
  comments: boolean;
  /** Told about every saved version (the board updates its card). */
  onChanged?: (ticket: Ticket) => void;
  titleAs?: 'h1' | 'h2';
  /** The dialog renders the title itself (as its accessible name). */
  renderTitle?: (title: ReactNode) => ReactNode;
}) {
  const { client: api, can, base, me } = useWorkspace();
  const queryClient = useQueryClient();
  const ticket = useQuery({
    queryKey: keys.ticket(ticketId),
    queryFn: () => data(api.GET('/tickets/{ticketId}', { params: { path: { ticketId } } })),
  });
  const members = useMembers(api);
  const columns = useColumns(api, ticket.data?.boardId);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<'title' | 'description' | null>(null);
  const names = useMemo(() => new Map((members.data ?? []).map((m) => [m.userId, m.name || m.email])), [members.data]);
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? 'a former member') : 'nobody');
  const canEdit = can('ticket:update');

  // `e` edits the description (the board's shortcut for "edit").
  useEffect(() => {
    if (!canEdit) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'e' && !isTyping(event)) {
        event.preventDefault();
        setEditing('description');
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [canEdit]);

  // One change at a time, each sent with the version the previous one produced: quick successive edits (priority,
  // then assignee) must not conflict with each other.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const latest = () => queryClient.getQueryData<Ticket>(keys.ticket(ticketId));
  const serial = <T,>(work: () => Promise<T>): Promise<T> => {
    const next = queue.current.then(work, work);
    queue.current = next.catch(() => undefined);
    return next;
  };

  const settle = (saved: Ticket) => {
    queryClient.setQueryData(keys.ticket(ticketId), saved);
    void queryClient.invalidateQueries({ queryKey: keys.activity(ticketId) });
    onChanged?.(saved);
    setError(null);
  };

  const save = (patch: Patch) => serial(() => saveNow(patch));
  // A save closes the editor of the field it saved, not another one opened meanwhile.
  const done = (patch: Patch) =>
    setEditing((open) =>
      (open === 'title' && 'title' in patch) || (open === 'description' && 'description' in patch) ? null : open,
    );
  /** Whether the change is saved (or there was nothing to change): a field shows the saved value again if not. */
  async function saveNow(patch: Patch): Promise<boolean> {
    const current = latest();
    if (!current) return false;
    const changed = Object.fromEntries(
      Object.entries(patch).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(current[k as keyof Patch])),
    );
    if (Object.keys(changed).length === 0) {
      done(patch);
      return true;
    }
    try {
      settle(
        await data(
          api.PATCH('/tickets/{ticketId}', {
            params: { path: { ticketId } },
            body: { version: current.version, ...changed },
          }),
        ),
      );
      done(patch);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        await ticket.refetch();
        setError('Someone else changed this ticket meanwhile. The latest version is shown; make your change again.');
      } else setError(describeError(e));
      return false;
    }
  }

  const moveTo = (columnId: string) => serial(() => moveNow(columnId));
  async function moveNow(columnId: string): Promise<boolean> {
    const current = latest();
    if (!current) return false;
    if (columnId === current.columnId) return true;
    try {
      settle(
        await data(
          api.POST('/tickets/{ticketId}/move', {
            params: { path: { ticketId } },
            body: { version: current.version, columnId },
          }),
        ),
      );
      return true;
    } catch (e) {
      setError(describeError(e));
      return false;
    }
  }

  const archive = () => serial(archiveNow);
  async function archiveNow() {
    const current = latest();
    if (!current) return;
    try {
      const call = current.archivedAt
        ? api.POST('/tickets/{ticketId}/restore', {
            params: { path: { ticketId } },
            body: { version: current.version },
          })
        : api.POST('/tickets/{ticketId}/archive', {
            params: { path: { ticketId } },
            body: { version: current.version },
          });
      settle(await data(call));
    } catch (e) {
      setError(describeError(e));
    }
  }

  if (ticket.error)
    return (
      <ErrorMessage
        error={
          ticket.error instanceof ApiError && ticket.error.status === 404
            ? 'This ticket does not exist, or you cannot see it.'
            : describeError(ticket.error)
        }
      />
    );
  const t = ticket.data;
  if (!t) return <Loading label="Loading ticket…" />;
  const Title = titleAs;
  const title =
    editing === 'title' ? (
      <form
        className="flex gap-2"
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          const value = String(new FormData(e.currentTarget).get('title') ?? '').trim();
          if (value) void save({ title: value });
        }}
      >
        <Input
          name="title"
          aria-label="Title"
          defaultValue={t.title}
          required
          maxLength={200}
          autoFocus
          className="text-base font-semibold"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setEditing(null);
            }
          }}
        />
        <Button type="submit" variant="primary">
          Save
        </Button>
      </form>
    ) : (
      <span className="flex items-start gap-2">
        <span className="min-w-0 break-words">{t.title}</span>
        {canEdit ? (
          <Button variant="ghost" size="icon-sm" onClick={() => setEditing('title')} aria-label="Edit title">
            <Pencil className="size-3.5" aria-hidden />
          </Button>
        ) : null}
      </span>
    );

  return (
    <div className="ticket-detail">
      {renderTitle ? renderTitle(title) : <Title className="mb-4 text-2xl font-semibold">{title}</Title>}
      <div className="grid gap-6 md:grid-cols-[1fr_15rem]">
        <div className="min-w-0">
          {t.archivedAt ? (
            <p className="mb-3">
              <Badge tone="warning">Archived</Badge>
            </p>
          ) : null}
          <ErrorMessage error={error} className="mb-3" />
          <section aria-labelledby={`desc-${t.id}`}>
            <div className="mb-2 flex items-center justify-between">
              <h3 id={`desc-${t.id}`} className="text-sm text-muted">
                Description
              </h3>
              {canEdit && editing !== 'description' ? (
                <Button variant="ghost" size="sm" onClick={() => setEditing('description')} aria-keyshortcuts="e">
                  <Pencil className="size-3.5" aria-hidden /> Edit
                </Button>
              ) : null}
            </div>
            {editing === 'description' ? (
              <form
                className="flex flex-col gap-2"
                onSubmit={(e) => {
                  e.preventDefault();
                  void save({ description: String(new FormData(e.currentTarget).get('description') ?? '') });
                }}
              >
                <MarkdownEditor
                  name="description"
                  label="Description"
                  defaultValue={t.description}
                  rows={10}
                  maxLength={20000}
                  autoFocus
                />
                <div className="flex gap-2">
                  <Button type="submit" variant="primary">
                    Save
                  </Button>
                  <Button variant="ghost" onClick={() => setEditing(null)}>
                    Cancel
                  </Button>
                </div>
              </form>
            ) : (
              <Markdown source={t.description} />
            )}
          </section>
          {showComments ? (
            <Comments
              ticketId={t.id}
              nameOf={nameOf}
              canComment={can('comment:create')}
              canDeleteAny={can('comment:delete-any')}
              myId={me.user.id}
            />
          ) : null}
          <Activity ticketId={t.id} nameOf={nameOf} columns={columns.data ?? []} />
        </div>
        <aside className="order-first md:order-none">
          <Fields
            ticket={t}
            members={members.data ?? []}
            columns={columns.data ?? []}
            canEdit={canEdit}
            canMove={can('ticket:move')}
            onSave={save}
            onMove={moveTo}
            nameOf={nameOf}
          />
          <div className="mt-3 flex flex-wrap gap-2">
            {can('ticket:archive') ? (
              <Button size="sm" variant="ghost" onClick={() => void archive()}>
                {t.archivedAt ? (
                  <ArchiveRestore className="size-4" aria-hidden />
                ) : (
                  <Archive className="size-4" aria-hidden />
                )}
                {t.archivedAt ? 'Restore' : 'Archive'}
              </Button>
            ) : null}
            <Link href={`${base}/t/${t.id}`} className="inline-flex h-7 items-center gap-1 px-1 text-xs">
              <ExternalLink className="size-3.5" aria-hidden /> Open as a page
            </Link>
          </div>
          <p className="mt-3 text-xs text-muted">
            Created <span title={formatDate(t.createdAt)}>{relativeTime(t.createdAt)}</span> by {nameOf(t.createdBy)}
          </p>
        </aside>
      </div>
    </div>
  );
}

/** The side panel: each field saves as soon as it changes (labels and due date when they lose focus). */
function Fields({
  ticket,
  members,
  columns,
  canEdit,
  canMove,
  onSave,
  onMove,
  nameOf,
}: {
  ticket: Ticket;
  members: Member[];
  columns: { id: string; name: string }[];
  canEdit: boolean;
  canMove: boolean;
  onSave: (patch: Patch) => Promise<boolean>;
  onMove: (columnId: string) => Promise<boolean>;
  nameOf: (id: string | null) => string;
}) {
  // The panel is never remounted while the ticket changes: a save that settles must not replace the select or input
  // the user is using meanwhile (it lost their next choice and their focus). A refused save bumps `resets`, which
  // puts the text inputs back to the saved values; the selects show the user's choice until its save ends.
  const [resets, setResets] = useState(0);
  const [column, chooseColumn] = useChoice(ticket.columnId);
  const [priority, choosePriority] = useChoice(ticket.priority);
  const [assignee, chooseAssignee] = useChoice(ticket.assigneeId ?? '');
  const refusedResets = (ok: boolean) => {
    if (!ok) setResets((n) => n + 1);
  };
  const row = 'grid grid-cols-[5.5rem_1fr] items-center gap-2';
  const labelClass = 'text-xs font-medium text-muted';
  const labels = (value: string) =>
    value
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean);
  return (
    <div className="facts flex flex-col gap-2.5 rounded-xl border border-border bg-sunken/60 p-3 text-sm">
      <label className={row}>
        <span className={labelClass}>Column</span>
        <Select
          className="h-8"
          value={column}
          disabled={!canMove || columns.length === 0}
          onChange={(e) => chooseColumn(e.target.value, onMove(e.target.value))}
        >
          {columns.length === 0 ? <option value={ticket.columnId}>…</option> : null}
          {columns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </label>
      <label className={row}>
        <span className={labelClass}>Priority</span>
        <Select
          className="h-8 capitalize"
          value={priority}
          disabled={!canEdit}
          onChange={(e) => {
            const next = e.target.value as Ticket['priority'];
            choosePriority(next, onSave({ priority: next }));
          }}
        >
          {priorities.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </Select>
      </label>
      <label className={row}>
        <span className={labelClass}>Assignee</span>
        <Select
          className="h-8"
          value={assignee}
          disabled={!canEdit}
          onChange={(e) => chooseAssignee(e.target.value, onSave({ assigneeId: e.target.value || null }))}
        >
          <option value="">Unassigned</option>
          {ticket.assigneeId && !members.some((m) => m.userId === ticket.assigneeId) ? (
            <option value={ticket.assigneeId}>{nameOf(ticket.assigneeId)}</option>
          ) : null}
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name || m.email}
            </option>
          ))}
        </Select>
      </label>
      <label className={row}>
        <span className={labelClass}>Due</span>
        <Input
          key={`${resets}:${ticket.dueDate ?? ''}`}
          type="date"
          className="h-8"
          defaultValue={ticket.dueDate ?? ''}
          disabled={!canEdit}
          onBlur={(e) => void onSave({ dueDate: e.target.value || null }).then(refusedResets)}
        />
      </label>
      <label className={row}>
        <span className={labelClass}>Labels</span>
        <Input
          key={`${resets}:${ticket.labels.join(',')}`}
          className="h-8"
          defaultValue={ticket.labels.join(', ')}
          placeholder="bug, ux"
          disabled={!canEdit}
          onBlur={(e) => void onSave({ labels: labels(e.target.value) }).then(refusedResets)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void onSave({ labels: labels(e.currentTarget.value) }).then(refusedResets);
            }
          }}
        />
      </label>
      {ticket.labels.length ? (
        <div className="flex flex-wrap gap-1 pl-[6rem]">
          {ticket.labels.map((l) => (
            <LabelChip key={l} name={l} />
          ))}
        </div>
      ) : null}
    </div>
  );
}

/**
 * A select's shown value: the user's choice while its save is under way, then the ticket's saved value (which is the
 * choice once saved, or what the server holds if the save was refused).
 */
function useChoice<T>(saved: T) {
  const [choice, setChoice] = useState<{ value: T } | null>(null);
  const choose = (value: T, saving: Promise<boolean>) => {
    const mine = { value };
    setChoice(mine);
    void saving.finally(() => setChoice((current) => (current === mine ? null : current)));
  };
  return [choice ? choice.value : saved, choose] as const;
}
