'use client';

import Link from 'next/link';
import { memo, type CSSProperties } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { TicketSummary } from '../api';
import { isOverdue } from './model';

export interface CardProps {
  ticket: TicketSummary;
  href: string;
  assigneeName: string | null;
  canMove: boolean;
  canEdit: boolean;
  onEdit?: (ticket: TicketSummary) => void;
}

export const CardContent = memo(function CardContent({
  ticket,
  href,
  assigneeName,
  canEdit,
  onEdit,
  handle,
}: CardProps & { handle?: React.ReactNode }) {
  const overdue = isOverdue(ticket.dueDate);
  return (
    <>
      {handle}
      <div className="card-body">
        <Link href={href} className="card-title" prefetch={false}>
          {ticket.title}
        </Link>
        <div className="card-meta">
          {ticket.priority !== 'none' ? (
            <span className={`prio prio-${ticket.priority}`}>{ticket.priority}</span>
          ) : null}
          {ticket.labels.slice(0, 3).map((label) => (
            <span key={label} className="label">
              {label}
            </span>
          ))}
          {ticket.dueDate ? (
            <span className={overdue ? 'due overdue' : 'due'}>
              {overdue ? 'Overdue ' : 'Due '}
              {ticket.dueDate}
            </span>
          ) : null}
          {assigneeName ? (
            <span className="assignee" title={`Assigned to ${assigneeName}`}>
              <span className="visually-hidden">Assigned to </span>
              {assigneeName}
            </span>
          ) : null}
        </div>
      </div>
      {canEdit && onEdit ? (
        <button
          type="button"
          className="ghost card-edit"
          aria-label={`Quick edit ${ticket.title}`}
          onClick={() => onEdit(ticket)}
        >
          ✎
        </button>
      ) : null}
    </>
  );
});

/**
 * A draggable card. Mouse and touch start a drag anywhere on the card (after a small move or a long press, so
 * clicks and scrolling still work); the keyboard uses the handle button (Space picks up, arrows move, Space drops).
 */
export const SortableCard = memo(function SortableCard(props: CardProps) {
  const { ticket, canMove } = props;
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: ticket.id,
    disabled: !canMove,
  });
  const style: CSSProperties = { transform: CSS.Translate.toString(transform), transition };
  const { onKeyDown, ...pointerListeners } = (listeners ?? {}) as Record<string, (event: unknown) => void>;
  const handle = canMove ? (
    <button
      type="button"
      className="drag-handle"
      {...attributes}
      aria-roledescription="draggable ticket"
      aria-label={`Move ${ticket.title}`}
      onKeyDown={onKeyDown as React.KeyboardEventHandler}
      data-testid="drag-handle"
    >
      <span aria-hidden="true">⠿</span>
    </button>
  ) : null;
  return (
    <div
      ref={setNodeRef}
      style={style}
      className={`card${isDragging ? ' dragging' : ''}`}
      data-ticket-id={ticket.id}
      data-testid="ticket-card"
      {...(canMove ? pointerListeners : {})}
    >
      <CardContent {...props} handle={handle} />
    </div>
  );
});
