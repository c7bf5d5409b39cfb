'use client';

import { memo, useEffect, useRef, useState, type FormEvent } from 'react';
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Plus, Settings2 } from 'lucide-react';
import type { TicketSummary } from '../api';
import { Button, ErrorMessage, cn, count } from '../components';
import { type ColumnState, wipState } from './model';
import { SortableCard } from './ticket-card';

export interface ColumnProps {
  column: ColumnState;
  filtered: boolean;
  activeId: string | null;
  hrefFor: (ticket: TicketSummary) => string;
  assigneeName: (id: string | null) => string | null;
  canMove: boolean;
  canCreate: boolean;
  canEdit: boolean;
  canManage: boolean;
  onEdit: (ticket: TicketSummary) => void;
  onOpen: (ticket: TicketSummary) => void;
  onLoadMore: (columnId: string) => void;
  onCreate: (columnId: string, title: string, where?: 'top' | 'bottom') => Promise<string | null>;
  onManage: (column: ColumnState) => void;
  dropWarning: boolean;
  /** The quick add of this column is open (the `n` shortcut opens it), and where it adds. */
  adding?: boolean | 'top';
  onAdding?: (columnId: string, open: boolean | 'top') => void;
}

const ESTIMATED_CARD = 84;

export function ColumnHeader({
  column,
  filtered,
  canManage,
  onManage,
  canCreate,
  onAdding,
}: Pick<ColumnProps, 'column' | 'filtered' | 'canManage' | 'onManage' | 'canCreate' | 'onAdding'>) {
  const wip = wipState(column);
  const shown = column.tickets.length;
  return (
    <div className={`column-head wip-${wip} flex items-center gap-2 px-2.5 pt-2.5 pb-1.5`}>
      <h2 className="column-title min-w-0 truncate text-sm font-semibold" id={`col-title-${column.id}`}>
        {column.name}
      </h2>
      <span
        className={cn(
          'count rounded-full px-1.5 text-xs font-medium tabular-nums',
          wip === 'over'
            ? 'bg-danger text-white dark:text-bg'
            : wip === 'at'
              ? 'bg-warning-soft text-warning'
              : 'bg-sunken text-muted',
        )}
        data-testid="column-count"
        aria-label={`${column.ticketCount} tickets${column.wipLimit != null ? `, WIP limit ${column.wipLimit}` : ''}${wip === 'at' ? ', at the limit' : wip === 'over' ? ', over the limit' : ''}`}
      >
        {column.wipLimit != null ? `${column.ticketCount} / ${column.wipLimit}` : column.ticketCount}
      </span>
      {wip === 'at' || wip === 'over' ? (
        <span
          className={cn('wip-flag text-xs font-medium', wip, wip === 'over' ? 'text-danger' : 'text-warning')}
          aria-hidden="true"
        >
          {wip === 'over' ? 'Over limit' : 'At limit'}
        </span>
      ) : null}
      {filtered ? (
        <span className="text-xs text-muted" data-testid="column-matches">
          {column.nextCursor ? `${shown}+ matches` : count(shown, 'match', 'matches')}
        </span>
      ) : null}
      <span className="ml-auto" />
      {canCreate && onAdding ? (
        <Button
          variant="ghost"
          size="icon-sm"
          onClick={() => onAdding(column.id, 'top')}
          aria-label={`Add ticket to the top of ${column.name}`}
        >
          <Plus className="size-4" aria-hidden />
        </Button>
      ) : null}
      {canManage ? (
        <Button
          variant="ghost"
          size="icon-sm"
          onClick={() => onManage(column)}
          aria-label={`Column settings for ${column.name}`}
        >
          <Settings2 className="size-4" aria-hidden />
        </Button>
      ) : null}
    </div>
  );
}

export function AddTicketForm({
  columnId,
  columnName,
  onCreate,
  where = 'bottom',
  open: controlled,
  onOpenChange,
}: {
  columnId: string;
  columnName: string;
  onCreate: ColumnProps['onCreate'];
  where?: 'top' | 'bottom';
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const [own, setOwn] = useState(false);
  const open = controlled ?? own;
  const setOpen = (value: boolean) => (onOpenChange ? onOpenChange(value) : setOwn(value));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const title = input.current?.value.trim() ?? '';
    if (!title) return;
    setBusy(true);
    const failure = await onCreate(columnId, title, where);
    setBusy(false);
    setError(failure);
    if (!failure && input.current) {
      input.current.value = '';
      input.current.focus();
    }
  }
  if (!open) {
    if (where === 'top') return null;
    return (
      <button
        type="button"
        className="add-ticket flex h-8 w-full items-center gap-1.5 rounded-md px-2 text-sm text-muted hover:bg-surface hover:text-fg"
        onClick={() => setOpen(true)}
        aria-label={`Add ticket to ${columnName}`}
      >
        <Plus className="size-4" aria-hidden />
        Add ticket
      </button>
    );
  }
  return (
    <form
      onSubmit={(event) => void submit(event)}
      className="add-ticket-form flex flex-col gap-2 rounded-lg border border-border bg-surface p-2 shadow-xs"
    >
      <label className="sr-only" htmlFor={`new-${where}-${columnId}`}>
        Title of the new ticket {where === 'top' ? 'at the top of' : 'in'} {columnName}
      </label>
      <input
        id={`new-${where}-${columnId}`}
        ref={input}
        autoFocus
        maxLength={200}
        placeholder="Ticket title, then Enter"
        className="w-full bg-transparent text-sm text-fg outline-none placeholder:text-subtle"
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
        }}
      />
      <div className="flex gap-1.5">
        <Button type="submit" variant="primary" size="sm" disabled={busy}>
          Add
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}

/** One column: a virtualized list (only the visible cards are in the DOM) that pages in more as it scrolls. */
export const BoardColumn = memo(function BoardColumn(props: ColumnProps) {
  const { column, activeId, canMove, canCreate, onLoadMore } = props;
  const { setNodeRef, isOver } = useDroppable({ id: `col:${column.id}`, data: { columnId: column.id } });
  const scrollRef = useRef<HTMLDivElement>(null);
  const tickets = column.tickets;
  const activeIndex = activeId ? tickets.findIndex((t) => t.id === activeId) : -1;
  const virtualizer = useVirtualizer({
    count: tickets.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_CARD,
    overscan: 4,
    // Server rendering and the first client render, before the column is measured: a screenful of cards.
    initialRect: { width: 300, height: 640 },
    getItemKey: (index) => tickets[index]?.id ?? index,
    // Keep the dragged card mounted even when it scrolls out of view, so the drag never loses its node.
    rangeExtractor: (range) => {
      const indexes: number[] = [];
      for (
        let i = Math.max(0, range.startIndex - range.overscan);
        i <= Math.min(range.count - 1, range.endIndex + range.overscan);
        i++
      )
        indexes.push(i);
      if (activeIndex >= 0 && !indexes.includes(activeIndex)) indexes.push(activeIndex);
      return indexes.sort((a, b) => a - b);
    },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;
  useEffect(() => {
    if (column.nextCursor && !column.loading && lastIndex >= tickets.length - 8) onLoadMore(column.id);
  }, [lastIndex, tickets.length, column.nextCursor, column.loading, column.id, onLoadMore]);

  const wip = wipState(column);
  return (
    <section
      className={cn(
        `column wip-${wip}`,
        'flex max-h-full w-[calc(100vw-2rem)] shrink-0 snap-center flex-col rounded-xl border bg-sunken sm:w-auto sm:max-w-md sm:min-w-[17rem] sm:flex-1 sm:basis-0',
        wip === 'over' ? 'border-danger/50' : wip === 'at' ? 'border-warning/40' : 'border-border',
        isOver && props.dropWarning && 'drop-warning ring-2 ring-danger',
      )}
      aria-labelledby={`col-title-${column.id}`}
      data-testid="column"
      data-column-id={column.id}
    >
      <ColumnHeader {...props} />
      {canCreate && props.adding === 'top' ? (
        <div className="px-2 pb-2">
          <AddTicketForm
            columnId={column.id}
            columnName={column.name}
            onCreate={props.onCreate}
            where="top"
            open
            onOpenChange={(open) => props.onAdding?.(column.id, open ? 'top' : false)}
          />
        </div>
      ) : null}
      <div
        ref={scrollRef}
        className="column-scroll min-h-0 overflow-y-auto px-2 pb-1"
        data-testid="column-scroll"
        tabIndex={-1}
      >
        <SortableContext
          items={tickets.map((t) => t.id)}
          strategy={verticalListSortingStrategy}
          id={`list:${column.id}`}
        >
          <div
            ref={setNodeRef}
            className="column-list relative"
            style={{ height: Math.max(virtualizer.getTotalSize(), tickets.length ? 0 : 40) }}
            role="list"
            aria-label={`${column.name} tickets`}
          >
            {items.map((item) => {
              const ticket = tickets[item.index]!;
              return (
                <div
                  key={item.key}
                  role="listitem"
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="virtual-row absolute inset-x-0 top-0 pb-2"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <SortableCard
                    ticket={ticket}
                    href={props.hrefFor(ticket)}
                    assigneeName={props.assigneeName(ticket.assigneeId)}
                    canMove={canMove}
                    canEdit={props.canEdit}
                    onEdit={props.onEdit}
                    onOpen={props.onOpen}
                  />
                </div>
              );
            })}
          </div>
        </SortableContext>
        {tickets.length === 0 && !column.loading ? (
          <p className="column-empty -mt-10 flex h-10 items-center justify-center text-xs text-muted">
            {props.filtered ? 'No matching tickets' : 'No tickets yet'}
          </p>
        ) : null}
        {column.loading ? (
          <p className="py-2 text-center text-xs text-muted" role="status">
            Loading more…
          </p>
        ) : null}
      </div>
      {canCreate ? (
        <div className="px-2 pt-0.5 pb-2">
          <AddTicketForm
            columnId={column.id}
            columnName={column.name}
            onCreate={props.onCreate}
            {...(props.onAdding
              ? { open: props.adding === true, onOpenChange: (open: boolean) => props.onAdding?.(column.id, open) }
              : {})}
          />
        </div>
      ) : null}
    </section>
  );
});
