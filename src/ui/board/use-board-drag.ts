'use client';

import { useCallback, useMemo, useRef, type RefObject } from 'react';
import {
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
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { findTicket } from './model';
import { dropIndex, type BoardAction, type BoardState } from './state';

/** The column a droppable id stands for: a column (`col:`), a swimlane cell (`cell:`), or a card in it. */
function columnOfId(state: BoardState, id: UniqueIdentifier | undefined, over?: Over | null): string | null {
  if (id === undefined) return null;
  const value = String(id);
  if (value.startsWith('col:')) return value.slice(4);
  if (value.startsWith('cell:')) return (over?.data.current as { columnId?: string } | undefined)?.columnId ?? null;
  return state.columns ? (findTicket(state.columns, value)?.column.id ?? null) : null;
}

const isContainer = (id: UniqueIdentifier) => String(id).startsWith('col:') || String(id).startsWith('cell:');

/** Where the dragged card goes in a column when released over `over`: the index in the list without it. */
function targetIndex(
  state: BoardState,
  ticketId: string,
  columnId: string,
  over: Over,
  active: DragOverEvent['active'],
) {
  const tickets = state.columns!.find((c) => c.id === columnId)!.tickets.filter((t) => t.id !== ticketId);
  const overIndex = tickets.findIndex((t) => t.id === over.id);
  if (overIndex < 0) return tickets.length;
  const rect = active.rect.current.translated;
  return dropIndex(overIndex, rect ? { top: rect.top, height: rect.height } : null, over.rect);
}

/**
 * Drag and drop by mouse, touch (a long press, so scrolling still works) and keyboard (Space, arrows, Space):
 * dnd-kit's events turned into the reducer's actions, with the screen-reader announcements.
 */
export function useBoardDrag(
  ref: RefObject<BoardState>,
  act: (action: BoardAction) => BoardState,
  move: (ticketId: string, toColumnId: string, index: number) => void,
) {
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const lastOver = useRef<UniqueIdentifier | null>(null);
  const collisionDetection: CollisionDetection = useCallback(
    (args) => {
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
          const ids = new Set(ref.current.columns?.find((c) => c.id === columnId)?.tickets.map((t) => t.id) ?? []);
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
    },
    [ref],
  );

  const onDragStart = useCallback(
    ({ active }: DragStartEvent) => void act({ type: 'dragStarted', ticketId: String(active.id) }),
    [act],
  );

  // (The drag overlay must not be rotated or scaled: dnd-kit's keyboard moves compare its rect's top with the
  // cards'; a rotated overlay reaches above its own slot and the next card down is never chosen.)
  // A card dragged into another column is shown there while dragging, before or after the card it is over
  // (whichever half the dragged card's middle is on), and follows the pointer within that column; in its own
  // column dnd-kit's sortable strategy shows the gap and the drop decides.
  const onDragOver = useCallback(
    ({ active, over }: DragOverEvent) => {
      if (!over) return;
      const state = ref.current;
      const ticketId = String(active.id);
      const from = columnOfId(state, active.id);
      const to = columnOfId(state, over.id, over);
      if (!from || !to || !state.drag) return;
      if (from === to && (to === state.drag.columnId || String(over.id) === ticketId || isContainer(over.id))) return;
      act({ type: 'dragOver', ticketId, toColumnId: to, index: targetIndex(state, ticketId, to, over, active) });
    },
    [ref, act],
  );

  const onDragCancel = useCallback(() => {
    lastOver.current = null;
    act({ type: 'dragCancelled' });
  }, [act]);

  const onDragEnd = useCallback(
    ({ active, over }: DragEndEvent) => {
      lastOver.current = null;
      const state = ref.current;
      const origin = state.drag;
      const ticketId = String(active.id);
      const current = state.columns ? findTicket(state.columns, ticketId) : null;
      if (!origin || !over || !current) return void act({ type: 'dragCancelled' });
      const columnId = current.column.id;
      let index = current.index;
      if (String(over.id) !== ticketId && columnOfId(state, over.id, over) === columnId) {
        const overIndex = current.column.tickets.findIndex((t) => t.id === over.id);
        if (overIndex >= 0)
          // Within its own column: the sortable order (the card takes the hovered card's place). Arrived from
          // another column: before or after the hovered card, by which half the card was released over.
          index = columnId === origin.columnId ? overIndex : targetIndex(state, ticketId, columnId, over, active);
      }
      move(ticketId, columnId, index);
    },
    [ref, act, move],
  );

  const announcements: Announcements = useMemo(() => {
    // Where the card is, or will land if dropped now: the position of the card it is over.
    const where = (activeId: UniqueIdentifier, overId?: UniqueIdentifier | null) => {
      const cols = ref.current.columns ?? [];
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
      onDragCancel: ({ active }) =>
        `Moving cancelled. ${ref.current.drag?.ticket.title ?? String(active.id)} is back where it was.`,
    };
  }, [ref]);

  return {
    sensors,
    collisionDetection,
    onDragStart,
    onDragOver,
    onDragEnd,
    onDragCancel,
    accessibility: {
      announcements,
      screenReaderInstructions: {
        draggable:
          'To pick up a ticket, press Space or Enter. While dragging, use the arrow keys to move it within a column or to the next column. Press Space or Enter to drop it, or Escape to cancel.',
      },
    },
  };
}
