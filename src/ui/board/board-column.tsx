'use client';

import { memo, useEffect, useRef, useState, type FormEvent } from 'react';
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TicketSummary } from '../api';
import { ErrorMessage } from '../primitives';
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
  onLoadMore: (columnId: string) => void;
  onCreate: (columnId: string, title: string) => Promise<string | null>;
  onManage: (column: ColumnState) => void;
  dropWarning: boolean;
}

const ESTIMATED_CARD = 76;

export function ColumnHeader({
  column,
  filtered,
  canManage,
  onManage,
}: Pick<ColumnProps, 'column' | 'filtered' | 'canManage' | 'onManage'>) {
  const wip = wipState(column);
  const shown = column.tickets.length;
  return (
    <div className={`column-head wip-${wip}`}>
      <h2 className="column-title" id={`col-title-${column.id}`}>
        {column.name}
      </h2>
      <span
        className="count"
        data-testid="column-count"
        aria-label={`${column.ticketCount} tickets${column.wipLimit != null ? `, WIP limit ${column.wipLimit}` : ''}${wip === 'at' ? ', at the limit' : wip === 'over' ? ', over the limit' : ''}`}
      >
        {column.wipLimit != null ? `${column.ticketCount} / ${column.wipLimit}` : column.ticketCount}
      </span>
      {wip === 'at' || wip === 'over' ? (
        <span className={`wip-flag ${wip}`} aria-hidden="true">
          {wip === 'over' ? 'Over WIP limit' : 'At WIP limit'}
        </span>
      ) : null}
      {filtered ? <span className="muted small">{`${shown}${column.nextCursor ? '+' : ''} match`}</span> : null}
      {canManage ? (
        <button
          type="button"
          className="ghost small"
          onClick={() => onManage(column)}
          aria-label={`Column settings for ${column.name}`}
        >
          ⚙
        </button>
      ) : null}
    </div>
  );
}

export function AddTicketForm({
  columnId,
  columnName,
  onCreate,
}: {
  columnId: string;
  columnName: string;
  onCreate: ColumnProps['onCreate'];
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const title = input.current?.value.trim() ?? '';
    if (!title) return;
    setBusy(true);
    const failure = await onCreate(columnId, title);
    setBusy(false);
    setError(failure);
    if (!failure && input.current) {
      input.current.value = '';
      input.current.focus();
    }
  }
  if (!open) {
    return (
      <button
        type="button"
        className="add-ticket ghost"
        onClick={() => setOpen(true)}
        aria-label={`Add ticket to ${columnName}`}
      >
        <span aria-hidden="true">+ </span>Add ticket
      </button>
    );
  }
  return (
    <form onSubmit={submit} className="add-ticket-form">
      <label className="visually-hidden" htmlFor={`new-${columnId}`}>
        Title of the new ticket in {columnName}
      </label>
      <input
        id={`new-${columnId}`}
        ref={input}
        autoFocus
        maxLength={200}
        placeholder="Ticket title, then Enter"
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
        }}
      />
      <div className="row">
        <button type="submit" className="primary small" disabled={busy}>
          Add
        </button>
        <button type="button" className="ghost small" onClick={() => setOpen(false)}>
          Cancel
        </button>
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
    initialRect: { width: 272, height: 640 },
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
      className={`column wip-${wip}${isOver && props.dropWarning ? ' drop-warning' : ''}`}
      aria-labelledby={`col-title-${column.id}`}
      data-testid="column"
      data-column-id={column.id}
    >
      <ColumnHeader {...props} />
      {canCreate ? <AddTicketForm columnId={column.id} columnName={column.name} onCreate={props.onCreate} /> : null}
      <div ref={scrollRef} className="column-scroll" data-testid="column-scroll" tabIndex={-1}>
        <SortableContext
          items={tickets.map((t) => t.id)}
          strategy={verticalListSortingStrategy}
          id={`list:${column.id}`}
        >
          <div
            ref={setNodeRef}
            className="column-list"
            style={{ height: Math.max(virtualizer.getTotalSize(), 48) }}
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
                  className="virtual-row"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <SortableCard
                    ticket={ticket}
                    href={props.hrefFor(ticket)}
                    assigneeName={props.assigneeName(ticket.assigneeId)}
                    canMove={canMove}
                    canEdit={props.canEdit}
                    onEdit={props.onEdit}
                  />
                </div>
              );
            })}
          </div>
        </SortableContext>
        {tickets.length === 0 && !column.loading ? (
          <p className="muted column-empty">{props.filtered ? 'No matching tickets' : 'No tickets yet'}</p>
        ) : null}
        {column.loading ? (
          <p className="muted small" role="status">
            Loading more…
          </p>
        ) : null}
      </div>
    </section>
  );
});
