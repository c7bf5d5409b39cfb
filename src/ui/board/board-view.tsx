'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { DndContext, DragOverlay } from '@dnd-kit/core';
import { Keyboard, Settings2, X } from 'lucide-react';
import type { BoardView, TicketSummary } from '../api';
import { useWorkspace } from '../app-shell';
import { Badge, Button, EmptyState, ErrorMessage, Loading, Page, cn } from '../components';
import { useShortcuts } from '../shortcuts';
import { useMembers } from '../ticket/queries';
import { BoardColumn } from './board-column';
import { ArchivedBoardNotice } from './board-settings';
import { AddColumnForm } from './column-dialog';
import { ColumnTabs } from './column-tabs';
import { FilterBar } from './filter-bar';
import { findTicket, hasFilters, wipState, type ColumnState } from './model';

import { Swimlanes, laneKeyOf, type GroupBy } from './swimlanes';
import { CardContent } from './ticket-card';
import { useBoard } from './use-board';
import { useBoardDrag } from './use-board-drag';
import { useBoardEvents } from './use-board-events';
import { useRefreshLabelColours } from '../labels';
import { useBoardUrl } from './use-url-state';

// What the board does not need to show its cards is loaded when first used (the budget: the board page's
// JavaScript grows by at most 30 %): the ticket dialog with its Markdown renderer and editor, the other dialogs.
const TicketDialog = dynamic(() => import('./ticket-dialog').then((m) => m.TicketDialog), { ssr: false });
const QuickEdit = dynamic(() => import('./quick-edit').then((m) => m.QuickEdit), { ssr: false });
const ShortcutsHelp = dynamic(() => import('./shortcuts-help').then((m) => m.ShortcutsHelp), { ssr: false });
const BoardSettingsDialog = dynamic(() => import('./board-settings').then((m) => m.BoardSettingsDialog), {
  ssr: false,
});
const ColumnDialog = dynamic(() => import('./column-dialog').then((m) => m.ColumnDialog), { ssr: false });
const Markdown = dynamic(() => import('../markdown').then((m) => m.Markdown), { ssr: false });

export interface BoardFlags {
  swimlanes: boolean;
  comments?: boolean;
}

type Notice = { kind: 'ok' | 'error'; text: string; id: number };

/**
 * The board screen: a composition of hooks — the URL (filters, open ticket), the board's state and server
 * calls (useBoard: reducer + TanStack Query), live events, drag and drop, shortcuts — and the layout.
 */
export function BoardScreen({
  boardId,
  flags,
  initial = null,
  description = null,
}: {
  boardId: string;
  flags: BoardFlags;
  initial?: BoardView | null;
  /** The initial description, rendered from Markdown on the server (no Markdown code in the page's bundle). */
  description?: ReactNode;
}) {
  const { client, can, base, workspace } = useWorkspace();
  const router = useRouter();
  const [notice, setNotice] = useState<Notice | null>(null);
  const say = useCallback((kind: Notice['kind'], text: string) => setNotice({ kind, text, id: Date.now() }), []);
  const url = useBoardUrl();
  const { state, ref, act, loadMore, create, move, saved, reload } = useBoard(
    client,
    boardId,
    url.filters,
    initial,
    say,
  );
  const members = useMembers(client).data ?? [];
  const refreshLabelColours = useRefreshLabelColours();
  const live = useBoardEvents(
    boardId,
    workspace.id,
    useCallback(
      (event) =>
        // A label colour changed in the workspace: the chips read the colours again; the cards are unchanged.
        event.kind === 'labels.changed' ? refreshLabelColours() : act({ type: 'remoteEvent', event }),
      [act, refreshLabelColours],
    ),
    useCallback(() => act({ type: 'resync' }), [act]),
  );
  const drag = useBoardDrag(ref, act, move);

  const [editing, setEditing] = useState<TicketSummary | null>(null);
  const [managing, setManaging] = useState<ColumnState | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [adding, setAdding] = useState<{ columnId: string; top: boolean } | null>(null);
  const onAdding = useCallback(
    (columnId: string, open: boolean | 'top') => setAdding(open ? { columnId, top: open === 'top' } : null),
    [],
  );
  const [groupBy, setGroupBy] = useState<GroupBy>(flags.swimlanes ? 'assignee' : 'none');
  const columnsRef = useRef<HTMLDivElement>(null);

  const memberNames = useMemo(() => new Map(members.map((m) => [m.userId, m.name || m.email])), [members]);
  const assigneeName = useCallback(
    (id: string | null) => (id ? (memberNames.get(id) ?? 'Unknown member') : null),
    [memberNames],
  );
  const hrefFor = useCallback((ticket: TicketSummary) => `${base}/b/${boardId}?ticket=${ticket.id}`, [base, boardId]);
  const { openTicket } = url;
  const onOpen = useCallback((ticket: TicketSummary) => openTicket(ticket.id), [openTicket]);
  const onCreate = useCallback(
    (columnId: string, title: string, where?: 'top' | 'bottom') => create(columnId, title, where),
    [create],
  );

  useShortcuts([
    {
      key: 'n',
      description: 'New ticket',
      run: () => {
        const visible = visibleColumn(columnsRef.current) ?? state.columns?.[0]?.id;
        if (visible && can('ticket:create')) setAdding({ columnId: visible, top: false });
      },
    },
    {
      key: '/',
      description: 'Search',
      run: () => document.querySelector<HTMLInputElement>('[data-shortcut=search]')?.focus(),
    },
    {
      key: 'e',
      description: 'Edit the focused ticket',
      run: () => {
        const id = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-ticket-id]')?.dataset
          .ticketId;
        const found = id && state.columns ? findTicket(state.columns, id) : null;
        if (found && can('ticket:update')) setEditing(found.ticket);
      },
    },
    { key: '?', description: 'Keyboard shortcuts', run: () => setHelpOpen(true) },
  ]);

  const { board, columns } = state;
  const canMove = can('ticket:move');
  const filtered = hasFilters(url.filters);

  if (state.error && !columns) {
    return (
      <Page>
        <ErrorMessage error={state.error} />
        <p className="mt-3">
          <Link href={base}>Back to boards</Link>
        </p>
      </Page>
    );
  }
  if (!board || !columns)
    return (
      <Page>
        <Loading label="Loading board…" />
      </Page>
    );

  const activeTicket = state.drag && columns ? findTicket(columns, state.drag.ticket.id) : null;
  const overColumn = activeTicket?.column ?? null;
  const dropWarning = Boolean(
    overColumn &&
    state.drag &&
    overColumn.id !== state.drag.columnId &&
    wipState(overColumn) !== 'none' &&
    overColumn.ticketCount >= (overColumn.wipLimit ?? Infinity),
  );
  const lanes = flags.swimlanes && groupBy !== 'none';
  const columnProps = {
    filtered,
    activeId: state.drag?.ticket.id ?? null,
    hrefFor,
    assigneeName,
    canMove,
    canCreate: can('ticket:create'),
    canEdit: can('ticket:update'),
    canManage: can('column:manage'),
    onEdit: setEditing,
    onOpen,
    onLoadMore: loadMore,
    onCreate,
    onManage: setManaging,
    dropWarning,
  };
  return (
    <main className="board-main flex h-[calc(100dvh-3rem)] flex-col">
      <div className="board-head flex flex-wrap items-center gap-x-3 gap-y-2 px-4 pt-3 pb-2 sm:px-6">
        <div className="flex min-w-0 items-center gap-2">
          <h1 className="truncate text-lg font-semibold">{board.name}</h1>
          <LiveStatus live={live} />
          {!canMove ? <Badge>Read-only</Badge> : null}
        </div>
        <div className="flex min-w-0 flex-1 basis-64 items-center justify-end gap-1.5">
          <FilterBar
            filters={url.filters}
            onChange={url.setFilters}
            members={members}
            swimlanes={flags.swimlanes}
            groupBy={groupBy}
            onGroupBy={setGroupBy}
          />
          <Button
            variant="ghost"
            size="icon-sm"
            className="hidden size-8 sm:inline-flex"
            onClick={() => setHelpOpen(true)}
            aria-label="Keyboard shortcuts"
            aria-keyshortcuts="?"
          >
            <Keyboard className="size-4" aria-hidden />
          </Button>
          {can('board:update') ? (
            <Button
              variant="ghost"
              size="sm"
              className="h-8"
              onClick={() => setSettingsOpen(true)}
              aria-label="Board settings"
            >
              <Settings2 className="size-4" aria-hidden />
              <span className="hidden xl:inline">Board settings</span>
            </Button>
          ) : null}
        </div>
      </div>
      <div className="px-4 sm:px-6">
        <ArchivedBoardNotice board={board} onRestored={(b) => act({ type: 'boardSaved', board: b })} />
        {board.description ? (
          <div className="board-description mb-2 line-clamp-2 max-w-3xl [&_.markdown]:text-muted">
            {description && board.description === initial?.board.description ? (
              description
            ) : (
              <Markdown source={board.description} />
            )}
          </div>
        ) : null}
        {state.error ? <ErrorMessage error={state.error} className="mb-2" /> : null}
      </div>
      {!lanes && columns.length > 1 ? <ColumnTabs columns={columns} scroller={columnsRef} /> : null}
      <Notices notice={notice} onDismiss={() => setNotice(null)} />
      <DndContext id="board-dnd" {...drag}>
        {columns.length === 0 ? (
          <div className="px-4 sm:px-6">
            <EmptyState title="This board has no columns">
              {columnProps.canManage ? <p>Add the first column on the right.</p> : <p>An admin can add columns.</p>}
            </EmptyState>
          </div>
        ) : null}
        {lanes ? (
          <div className="min-h-0 flex-1 overflow-auto px-4 sm:px-6">
            <Swimlanes
              columns={columns}
              groupBy={groupBy}
              laneKeyOf={laneKeyOf(groupBy)}
              laneName={(key) => (groupBy === 'assignee' ? (key ? (assigneeName(key) ?? key) : 'Unassigned') : key)}
              {...columnProps}
            />
          </div>
        ) : (
          <div
            ref={columnsRef}
            className="columns flex min-h-0 flex-1 snap-x snap-mandatory items-start gap-3 overflow-x-auto px-4 pb-4 sm:snap-none sm:px-6"
            data-testid="board-columns"
          >
            {columns.map((column) => (
              <BoardColumn
                key={column.id}
                column={column}
                adding={adding?.columnId === column.id ? (adding.top ? 'top' : true) : false}
                onAdding={onAdding}
                {...columnProps}
              />
            ))}
            {columnProps.canManage ? (
              <AddColumnForm
                boardId={boardId}
                afterColumnId={columns[columns.length - 1]?.id ?? null}
                onDone={() => void reload()}
              />
            ) : null}
          </div>
        )}
        <DragOverlay dropAnimation={null}>
          {activeTicket ? (
            <div className="card overlay relative rounded-lg border border-accent/50 bg-surface p-2.5 shadow-xl">
              <CardContent
                ticket={activeTicket.ticket}
                href={hrefFor(activeTicket.ticket)}
                assigneeName={assigneeName(activeTicket.ticket.assigneeId)}
                canMove
                canEdit={false}
              />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {editing ? (
        <QuickEdit
          ticket={editing}
          members={members}
          onClose={() => setEditing(null)}
          onSaved={(ticket) => {
            saved(ticket);
            setEditing(null);
            say('ok', `Saved “${ticket.title}”.`);
          }}
        />
      ) : null}
      {url.ticketId ? (
        <TicketDialog
          ticketId={url.ticketId}
          comments={flags.comments ?? true}
          onClose={url.closeTicket}
          onChanged={saved}
        />
      ) : null}
      {helpOpen ? <ShortcutsHelp open onClose={() => setHelpOpen(false)} /> : null}
      {settingsOpen ? (
        <BoardSettingsDialog
          board={board}
          open={settingsOpen}
          onClose={() => setSettingsOpen(false)}
          onSaved={(b) => {
            act({ type: 'boardSaved', board: b });
            setSettingsOpen(false);
          }}
          onDeleted={() => router.push(base)}
        />
      ) : null}
      {managing ? (
        <ColumnDialog
          column={managing}
          columns={columns}
          onClose={() => setManaging(null)}
          onDone={() => {
            setManaging(null);
            void reload();
          }}
        />
      ) : null}
    </main>
  );
}

/** The column most in view in the strip (on a phone: the one on screen). */
function visibleColumn(scroller: HTMLElement | null): string | null {
  if (!scroller) return null;
  const box = scroller.getBoundingClientRect();
  let best: { id: string; seen: number } | null = null;
  for (const el of scroller.querySelectorAll<HTMLElement>('[data-column-id]')) {
    const r = el.getBoundingClientRect();
    const seen = Math.min(r.right, box.right) - Math.max(r.left, box.left);
    if (!best || seen > best.seen) best = { id: el.dataset.columnId!, seen };
  }
  return best?.id ?? null;
}

function LiveStatus({ live }: { live: ReturnType<typeof useBoardEvents> }) {
  return (
    <span
      className={cn('live inline-flex items-center gap-1.5 text-xs whitespace-nowrap text-muted', `live-${live}`)}
      role="status"
      aria-live="polite"
      data-testid="live-status"
    >
      <span
        aria-hidden
        className={cn(
          'size-2 rounded-full',
          live === 'live' ? 'bg-success' : live === 'offline' ? 'bg-danger' : 'bg-warning',
        )}
      />
      <span className={live === 'live' ? 'sr-only sm:not-sr-only' : undefined}>
        {live === 'live'
          ? 'Live'
          : live === 'polling'
            ? 'Updating every few seconds'
            : live === 'offline'
              ? 'Offline'
              : 'Connecting…'}
      </span>
    </span>
  );
}

/** What just happened (polite) and what went wrong (an alert with a dismiss button), floating over the board. */
function Notices({ notice, onDismiss }: { notice: Notice | null; onDismiss: () => void }) {
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-4 z-40 flex flex-col items-center gap-2 px-4">
      <div
        className="notice rounded-lg bg-fg px-3 py-2 text-sm text-bg shadow-lg empty:hidden"
        role="status"
        data-testid="board-status"
      >
        {notice?.kind === 'ok' ? notice.text : ''}
      </div>
      <div
        className="notice notice-error pointer-events-auto flex items-center gap-2 rounded-lg border border-danger/40 bg-danger-soft px-3 py-2 text-sm text-danger shadow-lg empty:hidden"
        role="alert"
        data-testid="board-alert"
      >
        {notice?.kind === 'error' ? (
          <>
            {notice.text}
            <Button variant="ghost" size="icon-sm" onClick={onDismiss} aria-label="Dismiss">
              <X className="size-4" aria-hidden />
            </Button>
          </>
        ) : null}
      </div>
    </div>
  );
}
