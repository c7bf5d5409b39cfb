'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  closestCenter,
  getFirstCollision,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type Over,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { arrayMove, sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import {
  ApiError,
  describeError,
  type BoardView,
  type Member,
  type Page,
  type Ticket,
  type TicketSummary,
} from '../api';
import { useWorkspace } from '../app-shell';
import { EmptyState, ErrorMessage, Loading } from '../primitives';
import { BoardColumn } from './board-column';
import { ArchivedBoardNotice, BoardSettingsDialog } from './board-settings';
import { ColumnDialog, AddColumnForm } from './column-dialog';
import { FilterBar } from './filter-bar';
import { QuickEdit } from './quick-edit';
import { Swimlanes, laneKeyOf, type GroupBy } from './swimlanes';
import { CardContent } from './ticket-card';
import {
  PER_COLUMN,
  adjustCount,
  filterQuery,
  findTicket,
  hasFilters,
  noFilters,
  placeTicket,
  removeTicket,
  summaryOf,
  toColumns,
  wipState,
  type ColumnState,
  type Filters,
} from './model';
import { useBoardEvents, type BoardEventMessage } from './use-board-events';

const PAGE = 100;

export interface BoardFlags {
  swimlanes: boolean;
}

type Notice = { kind: 'ok' | 'error'; text: string; id: number };

export function BoardScreen({
  boardId,
  flags,
  initial = null,
}: {
  boardId: string;
  flags: BoardFlags;
  initial?: BoardView | null;
}) {
  const { api, can, base, workspace } = useWorkspace();
  const [board, setBoard] = useState<BoardView['board'] | null>(initial?.board ?? null);
  const [columns, setColumnsState] = useState<ColumnState[] | null>(() => (initial ? toColumns(initial) : null));
  const [loadError, setLoadError] = useState<string | null>(null);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [members, setMembers] = useState<Member[]>([]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [editing, setEditing] = useState<TicketSummary | null>(null);
  const [managing, setManaging] = useState<ColumnState | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const router = useRouter();
  const [activeId, setActiveId] = useState<string | null>(null);
  const [groupBy, setGroupBy] = useState<GroupBy>(flags.swimlanes ? 'assignee' : 'none');

  // Refs for callbacks that must see the latest state (dnd-kit announcements, realtime handlers).
  const columnsRef = useRef<ColumnState[] | null>(columns);
  const skipFirstLoad = useRef(initial !== null);
  const setColumns = useCallback((update: (previous: ColumnState[]) => ColumnState[]) => {
    setColumnsState((previous) => {
      if (!previous) return previous;
      const next = update(previous);
      columnsRef.current = next;
      return next;
    });
  }, []);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const dragging = useRef<{ ticket: TicketSummary; columnId: string; index: number } | null>(null);
  const queued = useRef<BoardEventMessage[]>([]);
  // Our own requests still in flight: their events wait for the response, which decides (by version) if they are news.
  const inflight = useRef(new Set<string>());
  // Creations already counted, whichever arrived first: our POST response or the live event.
  const counted = useRef(new Set<string>());
  const loadSeq = useRef(0);

  const canMove = can('ticket:move');
  const filtered = hasFilters(filters);

  const say = useCallback((kind: Notice['kind'], text: string) => setNotice({ kind, text, id: Date.now() }), []);

  /** The whole board: first page of each column (or, when filtering, the first matching page of each). */
  const load = useCallback(async () => {
    const seq = ++loadSeq.current;
    const current = filtersRef.current;
    try {
      if (!hasFilters(current)) {
        const view = await api.get<BoardView>(`/boards/${boardId}`, { perColumn: PER_COLUMN });
        if (seq !== loadSeq.current) return;
        setBoard(view.board);
        const next = toColumns(view);
        columnsRef.current = next;
        setColumnsState(next);
      } else {
        const view = await api.get<BoardView>(`/boards/${boardId}`, { perColumn: 1 });
        const pages = await Promise.all(
          view.columns.map((c) =>
            api.get<Page<Ticket>>('/tickets', { columnId: c.id, limit: PER_COLUMN, ...filterQuery(current) }),
          ),
        );
        if (seq !== loadSeq.current) return;
        setBoard(view.board);
        const next = view.columns.map(({ tickets: _first, nextCursor: _cursor, ...column }, i) => ({
          ...column,
          tickets: pages[i]!.data.map(summaryOf),
          nextCursor: pages[i]!.nextCursor,
          loading: false,
        }));
        columnsRef.current = next;
        setColumnsState(next);
      }
      setLoadError(null);
    } catch (error) {
      if (seq === loadSeq.current)
        setLoadError(
          error instanceof ApiError && error.status === 404
            ? 'This board does not exist, or you cannot see it.'
            : describeError(error),
        );
    }
  }, [api, boardId]);

  useEffect(() => {
    // The server rendered the first page of every column; load again only when the filters change.
    if (skipFirstLoad.current) {
      skipFirstLoad.current = false;
      return;
    }
    void load();
  }, [load, filters]);

  useEffect(() => {
    api.get<{ data: Member[] }>('/members').then(
      (r) => setMembers(r.data),
      () => setMembers([]),
    );
  }, [api]);

  const memberNames = useMemo(() => new Map(members.map((m) => [m.userId, m.name || m.email])), [members]);
  const assigneeName = useCallback(
    (id: string | null) => (id ? (memberNames.get(id) ?? 'Unknown member') : null),
    [memberNames],
  );
  const hrefFor = useCallback((ticket: TicketSummary) => `${base}/t/${ticket.id}`, [base]);

  const loadMore = useCallback(
    async (columnId: string) => {
      const column = columnsRef.current?.find((c) => c.id === columnId);
      if (!column?.nextCursor || column.loading) return;
      const cursor = column.nextCursor;
      setColumns((cols) => cols.map((c) => (c.id === columnId ? { ...c, loading: true } : c)));
      try {
        const page = await api.get<Page<Ticket>>('/tickets', {
          columnId,
          cursor,
          limit: PAGE,
          ...filterQuery(filtersRef.current),
        });
        setColumns((cols) =>
          cols.map((c) => {
            if (c.id !== columnId || c.nextCursor !== cursor) return c.id === columnId ? { ...c, loading: false } : c;
            const known = new Set(c.tickets.map((t) => t.id));
            return {
              ...c,
              tickets: [...c.tickets, ...page.data.filter((t) => !known.has(t.id)).map(summaryOf)],
              nextCursor: page.nextCursor,
              loading: false,
            };
          }),
        );
      } catch (error) {
        setColumns((cols) => cols.map((c) => (c.id === columnId ? { ...c, loading: false } : c)));
        say('error', `Could not load more tickets: ${describeError(error)}`);
      }
    },
    [api, setColumns, say],
  );

  // ---- Real-time: apply other people's changes ----
  const refetchTicket = useCallback(
    async (ticketId: string) => {
      try {
        const ticket = await api.get<Ticket>(`/tickets/${ticketId}`);
        setColumns((cols) => (ticket.archivedAt ? removeTicket(cols, ticketId) : placeTicket(cols, summaryOf(ticket))));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) setColumns((cols) => removeTicket(cols, ticketId));
      }
    },
    [api, setColumns],
  );

  const applyEvent = useCallback(
    (event: BoardEventMessage) => {
      if (dragging.current || (event.ticketId && inflight.current.has(event.ticketId))) {
        queued.current.push(event);
        return;
      }
      if (event.kind === 'board.deleted') {
        setLoadError('This board was deleted.');
        return;
      }
      if (event.kind === 'column.changed' || event.kind === 'board.updated' || hasFilters(filtersRef.current)) {
        void load();
        return;
      }
      if (!event.ticketId) return;
      const local = columnsRef.current ? findTicket(columnsRef.current, event.ticketId) : null;
      // Our own change (or one we already have) comes back with a version we hold.
      if (local && event.version !== undefined && local.ticket.version >= event.version) return;
      switch (event.kind) {
        case 'ticket.created':
          if (!counted.current.has(event.ticketId)) {
            counted.current.add(event.ticketId);
            setColumns((cols) => adjustCount(cols, event.columnId, 1));
          }
          void refetchTicket(event.ticketId);
          break;
        case 'ticket.restored':
          setColumns((cols) => adjustCount(cols, event.columnId, 1));
          void refetchTicket(event.ticketId);
          break;
        case 'ticket.moved':
          if (event.fromColumnId !== event.columnId)
            setColumns((cols) => adjustCount(adjustCount(cols, event.fromColumnId, -1), event.columnId, 1));
          void refetchTicket(event.ticketId);
          break;
        case 'ticket.updated':
          if (local) void refetchTicket(event.ticketId);
          break;
        case 'ticket.archived':
        case 'ticket.deleted':
          setColumns((cols) => adjustCount(removeTicket(cols, event.ticketId!), event.fromColumnId, -1));
          break;
      }
    },
    [load, refetchTicket, setColumns],
  );
  const resync = useCallback(() => {
    if (!dragging.current) void load();
  }, [load]);
  const live = useBoardEvents(boardId, workspace.id, applyEvent, resync);

  // ---- Create and edit ----
  const createTicket = useCallback(
    async (columnId: string, title: string): Promise<string | null> => {
      const first = columnsRef.current?.find((c) => c.id === columnId)?.tickets[0];
      try {
        const ticket = await api.post<Ticket>('/tickets', {
          columnId,
          title,
          ...(first ? { beforeId: first.id } : {}),
        });
        const isNew = !counted.current.has(ticket.id);
        counted.current.add(ticket.id);
        setColumns((cols) => {
          const next = placeTicket(cols, summaryOf(ticket));
          return isNew ? adjustCount(next, columnId, 1) : next;
        });
        say('ok', `Added “${ticket.title}”.`);
        return null;
      } catch (error) {
        return describeError(error);
      }
    },
    [api, setColumns, say],
  );

  const onSaved = useCallback(
    (ticket: Ticket) => {
      setColumns((cols) => {
        const found = findTicket(cols, ticket.id);
        if (!found) return cols;
        return cols.map((c) =>
          c.id === found.column.id
            ? { ...c, tickets: c.tickets.map((t) => (t.id === ticket.id ? summaryOf(ticket) : t)) }
            : c,
        );
      });
      setEditing(null);
      say('ok', `Saved “${ticket.title}”.`);
    },
    [setColumns, say],
  );

  // ---- Drag and drop ----
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const columnOfId = useCallback((id: UniqueIdentifier | undefined, over?: Over | null): string | null => {
    if (id === undefined) return null;
    const value = String(id);
    if (value.startsWith('col:')) return value.slice(4);
    if (value.startsWith('cell:')) return (over?.data.current as { columnId?: string } | undefined)?.columnId ?? null;
    return columnsRef.current ? (findTicket(columnsRef.current, value)?.column.id ?? null) : null;
  }, []);

  const lastOver = useRef<UniqueIdentifier | null>(null);
  const collisionDetection: CollisionDetection = useCallback((args) => {
    const pointer = pointerWithin(args);
    const hits = pointer.length > 0 ? pointer : rectIntersection(args);
    let overId = getFirstCollision(hits, 'id');
    if (overId != null) {
      const value = String(overId);
      if (value.startsWith('col:') || value.startsWith('cell:')) {
        // Over a column: prefer the nearest card inside it, if it has any.
        const container = args.droppableContainers.find((c) => c.id === overId);
        const columnId = value.startsWith('col:')
          ? value.slice(4)
          : (container?.data.current as { columnId?: string } | undefined)?.columnId;
        const ids = new Set(columnsRef.current?.find((c) => c.id === columnId)?.tickets.map((t) => t.id) ?? []);
        const nearest = closestCenter({
          ...args,
          droppableContainers: args.droppableContainers.filter((c) => ids.has(String(c.id))),
        })[0]?.id;
        if (nearest != null) overId = nearest;
      }
      lastOver.current = overId;
      return [{ id: overId }];
    }
    return lastOver.current != null ? [{ id: lastOver.current }] : [];
  }, []);

  const onDragStart = useCallback(({ active }: DragStartEvent) => {
    const found = columnsRef.current ? findTicket(columnsRef.current, String(active.id)) : null;
    if (!found) return;
    dragging.current = { ticket: found.ticket, columnId: found.column.id, index: found.index };
    setActiveId(found.ticket.id);
  }, []);

  const onDragOver = useCallback(
    ({ active, over }: DragOverEvent) => {
      if (!over) return;
      const from = columnOfId(active.id);
      const to = columnOfId(over.id, over);
      if (!from || !to || from === to) return;
      setColumns((cols) => {
        const source = cols.find((c) => c.id === from);
        const target = cols.find((c) => c.id === to);
        const ticket = source?.tickets.find((t) => t.id === active.id);
        if (!source || !target || !ticket) return cols;
        const overIndex = target.tickets.findIndex((t) => t.id === over.id);
        let index = target.tickets.length;
        if (overIndex >= 0) {
          const translated = active.rect.current.translated;
          const below = translated ? translated.top > over.rect.top + over.rect.height / 2 : false;
          index = overIndex + (below ? 1 : 0);
        }
        return cols.map((c) => {
          if (c.id === from) return { ...c, tickets: c.tickets.filter((t) => t.id !== ticket.id) };
          if (c.id === to) {
            const tickets = [...c.tickets];
            tickets.splice(index, 0, { ...ticket, columnId: to });
            return { ...c, tickets };
          }
          return c;
        });
      });
    },
    [columnOfId, setColumns],
  );

  const flushQueue = useCallback(() => {
    const events = queued.current;
    queued.current = [];
    for (const event of events) applyEvent(event);
  }, [applyEvent]);

  const revert = useCallback(
    (
      origin: { ticket: TicketSummary; columnId: string; index: number },
      countMoved: boolean,
      currentColumn: string | null,
    ) => {
      setColumns((cols) => {
        let next = removeTicket(cols, origin.ticket.id).map((c) => {
          if (c.id !== origin.columnId) return c;
          const tickets = [...c.tickets];
          tickets.splice(Math.min(origin.index, tickets.length), 0, origin.ticket);
          return { ...c, tickets };
        });
        if (countMoved && currentColumn) next = adjustCount(adjustCount(next, currentColumn, -1), origin.columnId, 1);
        return next;
      });
    },
    [setColumns],
  );

  const onDragCancel = useCallback(() => {
    const origin = dragging.current;
    dragging.current = null;
    setActiveId(null);
    lastOver.current = null;
    if (origin) revert(origin, false, null);
    flushQueue();
  }, [revert, flushQueue]);

  const onDragEnd = useCallback(
    ({ active, over }: DragEndEvent) => {
      const origin = dragging.current;
      dragging.current = null;
      setActiveId(null);
      lastOver.current = null;
      if (!origin) return;
      if (!over) {
        revert(origin, false, null);
        flushQueue();
        return;
      }
      const ticketId = String(active.id);
      let cols = columnsRef.current ?? [];
      const current = findTicket(cols, ticketId);
      if (!current) return;
      // Reorder within the column the card is in now.
      const overIndex = current.column.tickets.findIndex((t) => t.id === over.id);
      if (overIndex >= 0 && overIndex !== current.index) {
        cols = cols.map((c) =>
          c.id === current.column.id ? { ...c, tickets: arrayMove(c.tickets, current.index, overIndex) } : c,
        );
      }
      const column = cols.find((c) => c.id === current.column.id)!;
      const index = column.tickets.findIndex((t) => t.id === ticketId);
      if (column.id === origin.columnId && index === origin.index) {
        flushQueue();
        return;
      }
      const moved = column.id !== origin.columnId;
      if (moved) cols = adjustCount(adjustCount(cols, origin.columnId, -1), column.id, 1);
      columnsRef.current = cols;
      setColumnsState(cols);
      const afterId = column.tickets[index - 1]?.id;
      const beforeId = afterId ? undefined : column.tickets[index + 1]?.id;
      const target = column;
      inflight.current.add(ticketId);
      api
        .post<Ticket>(`/tickets/${ticketId}/move`, {
          version: origin.ticket.version,
          columnId: target.id,
          ...(afterId ? { afterId } : beforeId ? { beforeId } : {}),
        })
        .then((ticket) => {
          setColumns((all) =>
            all.map((c) =>
              c.id === ticket.columnId
                ? { ...c, tickets: c.tickets.map((t) => (t.id === ticket.id ? summaryOf(ticket) : t)) }
                : c,
            ),
          );
          say('ok', `Moved “${ticket.title}” to ${target.name}, position ${index + 1}.`);
        })
        .catch((error: unknown) => {
          revert(origin, moved, target.id);
          const reason =
            error instanceof ApiError && error.code === 'WIP_LIMIT_EXCEEDED'
              ? `${target.name} is at its WIP limit.`
              : error instanceof ApiError && error.code === 'VERSION_CONFLICT'
                ? 'Someone else changed this ticket first; it has been refreshed.'
                : error instanceof ApiError && error.status === 403
                  ? 'Your role cannot move tickets.'
                  : describeError(error);
          say('error', `Move of “${origin.ticket.title}” undone. ${reason}`);
          if (error instanceof ApiError && (error.code === 'VERSION_CONFLICT' || error.code === 'CONFLICT'))
            void refetchTicket(ticketId);
        })
        .finally(() => {
          inflight.current.delete(ticketId);
          flushQueue();
        });
    },
    [api, revert, flushQueue, say, setColumns, refetchTicket],
  );

  const announcements: Announcements = useMemo(() => {
    // Where the card is, or will land if dropped now: the position of the card it is over.
    const where = (activeId: UniqueIdentifier, overId?: UniqueIdentifier | null) => {
      const cols = columnsRef.current ?? [];
      const self = findTicket(cols, String(activeId));
      if (!self) return null;
      const target = overId != null && String(overId) !== String(activeId) ? findTicket(cols, String(overId)) : null;
      if (target) {
        const same = target.column.id === self.column.id;
        return {
          title: self.ticket.title,
          column: target.column.name,
          position: target.index + 1,
          of: target.column.tickets.length + (same ? 0 : 1),
        };
      }
      return {
        title: self.ticket.title,
        column: self.column.name,
        position: self.index + 1,
        of: self.column.tickets.length,
      };
    };
    return {
      onDragStart: ({ active }) => {
        const w = where(active.id);
        return w
          ? `Picked up ticket ${w.title}. It is in ${w.column}, position ${w.position} of ${w.of}.`
          : 'Picked up a ticket.';
      },
      onDragOver: ({ active, over }) => {
        // Right after pick-up the card is over itself: nothing moved yet, keep the pick-up message.
        if (!over || over.id === active.id) return undefined;
        const w = where(active.id, over.id);
        return w ? `Ticket ${w.title} is now in ${w.column}, position ${w.position} of ${w.of}.` : undefined;
      },
      onDragEnd: ({ active, over }) => {
        const w = where(active.id, over?.id);
        return w
          ? `Dropped ticket ${w.title} in ${w.column}, position ${w.position} of ${w.of}.`
          : 'Dropped the ticket.';
      },
      onDragCancel: ({ active }) => {
        const origin = dragging.current;
        return `Moving cancelled. ${origin?.ticket.title ?? String(active.id)} is back where it was.`;
      },
    };
  }, []);

  const activeTicket = activeId && columns ? findTicket(columns, activeId) : null;
  const origin = dragging.current;
  const overColumn = activeTicket?.column ?? null;
  const dropWarning = Boolean(
    overColumn &&
    origin &&
    overColumn.id !== origin.columnId &&
    wipState(overColumn) !== 'none' &&
    overColumn.ticketCount >= (overColumn.wipLimit ?? Infinity),
  );

  if (loadError && !columns) {
    return (
      <main>
        <ErrorMessage error={loadError} />
        <p>
          <Link href={base}>Back to boards</Link>
        </p>
      </main>
    );
  }
  if (!board || !columns)
    return (
      <main>
        <Loading label="Loading board…" />
      </main>
    );

  const lanes = flags.swimlanes && groupBy !== 'none';
  const columnProps = {
    filtered,
    activeId,
    hrefFor,
    assigneeName,
    canMove,
    canCreate: can('ticket:create'),
    canEdit: can('ticket:update'),
    canManage: can('column:manage'),
    onEdit: setEditing,
    onLoadMore: loadMore,
    onCreate: createTicket,
    onManage: setManaging,
    dropWarning,
  };
  return (
    <main className="board-main">
      <div className="board-head">
        <h1>{board.name}</h1>
        <span className={`live live-${live}`} role="status" aria-live="polite" data-testid="live-status">
          {live === 'live'
            ? 'Live'
            : live === 'polling'
              ? 'Updating every few seconds'
              : live === 'offline'
                ? 'Offline'
                : 'Connecting…'}
        </span>
        {!canMove ? <span className="role-badge">Read-only</span> : null}
        {can('board:update') ? (
          <button type="button" className="ghost small" onClick={() => setSettingsOpen(true)}>
            Board settings
          </button>
        ) : null}
      </div>
      <ArchivedBoardNotice board={board} onRestored={setBoard} />
      {board.description ? <p className="muted">{board.description}</p> : null}
      <FilterBar
        filters={filters}
        onChange={setFilters}
        members={members}
        swimlanes={flags.swimlanes}
        groupBy={groupBy}
        onGroupBy={setGroupBy}
      />
      {loadError ? <ErrorMessage error={loadError} /> : null}
      <div className="notice" role="status" data-testid="board-status">
        {notice?.kind === 'ok' ? notice.text : ''}
      </div>
      <div className="notice notice-error" role="alert" data-testid="board-alert">
        {notice?.kind === 'error' ? (
          <>
            {notice.text}{' '}
            <button type="button" className="ghost small" onClick={() => setNotice(null)}>
              Dismiss
            </button>
          </>
        ) : null}
      </div>
      <DndContext
        id="board-dnd"
        sensors={sensors}
        collisionDetection={collisionDetection}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={onDragCancel}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable:
              'To pick up a ticket, press Space or Enter. While dragging, use the arrow keys to move it within a column or to the next column. Press Space or Enter to drop it, or Escape to cancel.',
          },
        }}
      >
        {columns.length === 0 ? (
          <EmptyState title="This board has no columns">
            {columnProps.canManage ? <p>Add the first column below.</p> : <p>An admin can add columns.</p>}
          </EmptyState>
        ) : lanes ? (
          <Swimlanes
            columns={columns}
            groupBy={groupBy}
            laneKeyOf={laneKeyOf(groupBy)}
            laneName={(key) => (groupBy === 'assignee' ? (key ? (assigneeName(key) ?? key) : 'Unassigned') : key)}
            {...columnProps}
          />
        ) : (
          <div className="columns" data-testid="board-columns">
            {columns.map((column) => (
              <BoardColumn key={column.id} column={column} {...columnProps} />
            ))}
          </div>
        )}
        <DragOverlay dropAnimation={null}>
          {activeTicket ? (
            <div className="card overlay">
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
      {columnProps.canManage ? (
        <AddColumnForm
          boardId={boardId}
          afterColumnId={columns[columns.length - 1]?.id ?? null}
          onDone={() => void load()}
        />
      ) : null}
      <QuickEdit ticket={editing} members={members} onClose={() => setEditing(null)} onSaved={onSaved} />
      <BoardSettingsDialog
        board={board}
        open={settingsOpen}
        onClose={() => setSettingsOpen(false)}
        onSaved={(saved) => {
          setBoard(saved);
          setSettingsOpen(false);
        }}
        onDeleted={() => router.push(base)}
      />
      <ColumnDialog
        column={managing}
        columns={columns}
        onClose={() => setManaging(null)}
        onDone={() => {
          setManaging(null);
          void load();
        }}
      />
    </main>
  );
}
