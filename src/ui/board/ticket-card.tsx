'use client';

import Link from 'next/link';
import { memo, type CSSProperties } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { CalendarDays, GripVertical, MessageSquare, Pencil } from 'lucide-react';
import type { TicketSummary } from '../api';
import { Avatar, LabelChip, cn, count } from '../components';
import { dueState, formatDue } from './model';
import { PriorityIcon } from './priority';

export interface CardProps {
  ticket: TicketSummary;
  href: string;
  assigneeName: string | null;
  canMove: boolean;
  canEdit: boolean;
  onEdit?: (ticket: TicketSummary) => void;
  /** Opens the ticket over the board; a modified click (new tab) follows the link instead. */
  onOpen?: (ticket: TicketSummary) => void;
}

const dueTone = {
  overdue: 'bg-danger-soft text-danger',
  soon: 'bg-warning-soft text-warning',
  later: 'text-muted',
};

export const CardContent = memo(function CardContent({
  ticket,
  href,
  assigneeName,
  canEdit,
  onEdit,
  onOpen,
  handle,
}: CardProps & { handle?: React.ReactNode }) {
  const due = dueState(ticket.dueDate);
  const comments = ticket.commentCount;
  return (
    <>
      {ticket.labels.length ? (
        <div className="mb-1.5 flex flex-wrap gap-1 pr-6">
          {ticket.labels.slice(0, 4).map((label) => (
            <LabelChip key={label} name={label} />
          ))}
          {ticket.labels.length > 4 ? (
            <span className="text-[11px] text-muted">+{ticket.labels.length - 4}</span>
          ) : null}
        </div>
      ) : null}
      <div className="flex items-start gap-1">
        {handle}
        <Link
          href={href}
          scroll={false}
          prefetch={false}
          onClick={(event) => {
            if (!onOpen || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
              return;
            event.preventDefault();
            onOpen(ticket);
          }}
          className="card-title min-w-0 flex-1 text-sm leading-snug font-medium break-words text-fg no-underline after:absolute after:inset-0 after:content-[''] hover:no-underline"
        >
          {ticket.title}
        </Link>
      </div>
      {ticket.priority !== 'none' || due || comments > 0 || assigneeName ? (
        <div className="card-meta mt-2 flex min-h-5 items-center gap-2 text-xs text-muted">
          <PriorityIcon priority={ticket.priority} />
          {ticket.dueDate && due ? (
            <span
              className={cn(
                'due inline-flex items-center gap-1 rounded px-1 py-px',
                dueTone[due],
                due === 'overdue' && 'overdue',
              )}
            >
              <CalendarDays className="size-3" aria-hidden />
              <span className="sr-only">{due === 'overdue' ? 'Overdue, was due' : 'Due'} </span>
              {formatDue(ticket.dueDate)}
            </span>
          ) : null}
          {comments > 0 ? (
            <span
              className="card-comments inline-flex items-center gap-1"
              title={count(comments, 'comment', 'comments')}
            >
              <MessageSquare className="size-3" aria-hidden />
              <span className="sr-only">Comments: </span>
              {comments}
            </span>
          ) : null}
          {assigneeName ? (
            <span className="assignee ml-auto">
              <Avatar name={assigneeName} label={`Assigned to ${assigneeName}`} size="sm" />
            </span>
          ) : null}
        </div>
      ) : null}
      {canEdit && onEdit ? (
        <button
          type="button"
          className="card-edit absolute top-1.5 right-1.5 z-10 inline-flex size-6 items-center justify-center rounded text-muted opacity-0 group-hover:opacity-100 hover:bg-sunken hover:text-fg focus-visible:opacity-100 [@media(hover:none)]:opacity-100"
          aria-label={`Quick edit ${ticket.title}`}
          onClick={() => onEdit(ticket)}
        >
          <Pencil className="size-3.5" aria-hidden />
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
      className="drag-handle relative z-10 -ml-1 inline-flex h-5 w-4 shrink-0 cursor-grab items-center justify-center rounded text-subtle hover:text-fg"
      {...attributes}
      aria-roledescription="draggable ticket"
      aria-label={`Move ${ticket.title}`}
      onKeyDown={onKeyDown as React.KeyboardEventHandler}
      data-testid="drag-handle"
    >
      <GripVertical className="size-3.5" aria-hidden />
    </button>
  ) : null;
  return (
    <div
      ref={setNodeRef}
      style={style}
      className={cn(
        'card group relative rounded-lg border border-border bg-surface p-2.5 shadow-xs transition-shadow hover:border-border-strong hover:shadow-sm',
        canMove && 'touch-manipulation',
        isDragging && 'dragging opacity-40',
      )}
      data-ticket-id={ticket.id}
      data-testid="ticket-card"
      {...(canMove ? pointerListeners : {})}
    >
      <CardContent {...props} handle={handle} />
    </div>
  );
});
