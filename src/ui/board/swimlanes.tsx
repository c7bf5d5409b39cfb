'use client';

import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { priorities, type TicketSummary } from '../api';
import { ColumnHeader, type ColumnProps } from './board-column';
import type { ColumnState } from './model';
import { SortableCard } from './ticket-card';

export type GroupBy = 'none' | 'assignee' | 'priority';

export function laneKeyOf(groupBy: GroupBy): (ticket: TicketSummary) => string {
  return groupBy === 'priority' ? (t) => t.priority : (t) => t.assigneeId ?? '';
}

type LaneProps = Omit<ColumnProps, 'column'> & {
  columns: ColumnState[];
  groupBy: GroupBy;
  laneKeyOf: (ticket: TicketSummary) => string;
  laneName: (key: string) => string;
};

/**
 * KANBAN_SWIMLANES: the loaded cards grouped in rows (by assignee or priority), columns across. Dragging moves a
 * card between columns within its own lane; its lane is a property of the ticket (edit it to change lanes).
 */
export function Swimlanes(props: LaneProps) {
  const { columns, groupBy, laneKeyOf: keyOf, laneName } = props;
  const keys = new Set<string>();
  for (const column of columns) for (const ticket of column.tickets) keys.add(keyOf(ticket));
  const lanes =
    groupBy === 'priority'
      ? priorities.filter((p) => keys.has(p))
      : [...keys].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : laneName(a).localeCompare(laneName(b))));
  return (
    <div
      className="swimlanes"
      style={{ gridTemplateColumns: `10rem repeat(${columns.length}, minmax(15rem, 1fr))` }}
      data-testid="swimlanes"
    >
      <div className="lane-corner" />
      {columns.map((column) => (
        <div key={column.id} className="lane-column-head">
          <ColumnHeader
            column={column}
            filtered={props.filtered}
            canManage={props.canManage}
            onManage={props.onManage}
          />
          {column.nextCursor ? (
            <button
              type="button"
              className="ghost small"
              onClick={() => props.onLoadMore(column.id)}
              disabled={column.loading}
            >
              Load more of {column.name}
            </button>
          ) : null}
        </div>
      ))}
      {lanes.length === 0 ? <p className="muted lane-empty">No tickets to group.</p> : null}
      {lanes.map((lane, laneIndex) => (
        <Lane key={lane || 'none'} laneIndex={laneIndex} lane={lane} {...props} />
      ))}
    </div>
  );
}

function Lane({ lane, laneIndex, ...props }: LaneProps & { lane: string; laneIndex: number }) {
  return (
    <>
      <h2 className="lane-title" id={`lane-${laneIndex}`}>
        {props.laneName(lane)}
      </h2>
      {props.columns.map((column) => (
        <Cell
          key={column.id}
          column={column}
          laneIndex={laneIndex}
          laneLabel={props.laneName(lane)}
          tickets={column.tickets.filter((t) => props.laneKeyOf(t) === lane)}
          {...props}
        />
      ))}
    </>
  );
}

function Cell({
  column,
  laneIndex,
  laneLabel,
  tickets,
  ...props
}: LaneProps & { column: ColumnState; laneIndex: number; laneLabel: string; tickets: TicketSummary[] }) {
  const { setNodeRef } = useDroppable({ id: `cell:${laneIndex}:${column.id}`, data: { columnId: column.id } });
  return (
    <div ref={setNodeRef} className="lane-cell" role="list" aria-label={`${column.name}, ${laneLabel}`}>
      <SortableContext
        items={tickets.map((t) => t.id)}
        strategy={verticalListSortingStrategy}
        id={`cell-list:${laneIndex}:${column.id}`}
      >
        {tickets.map((ticket) => (
          <div role="listitem" key={ticket.id}>
            <SortableCard
              ticket={ticket}
              href={props.hrefFor(ticket)}
              assigneeName={props.assigneeName(ticket.assigneeId)}
              canMove={props.canMove}
              canEdit={props.canEdit}
              onEdit={props.onEdit}
            />
          </div>
        ))}
      </SortableContext>
    </div>
  );
}
