'use client';

import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { priorities, type TicketSummary } from '../api';
import { Button } from '../components';
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
      className="swimlanes grid min-w-max gap-2 pb-4"
      style={{ gridTemplateColumns: `10rem repeat(${columns.length}, minmax(15rem, 1fr))` }}
      data-testid="swimlanes"
    >
      <div className="lane-corner" />
      {columns.map((column) => (
        <div key={column.id} className="lane-column-head rounded-lg bg-sunken">
          <ColumnHeader
            column={column}
            filtered={props.filtered}
            canManage={props.canManage}
            onManage={props.onManage}
            canCreate={false}
          />
          {column.nextCursor ? (
            <Button size="sm" variant="ghost" onClick={() => props.onLoadMore(column.id)} disabled={column.loading}>
              Load more of {column.name}
            </Button>
          ) : null}
        </div>
      ))}
      {lanes.length === 0 ? (
        <p className="lane-empty col-span-full p-4 text-sm text-muted">No tickets to group.</p>
      ) : null}
      {lanes.map((lane, laneIndex) => (
        <Lane key={lane || 'none'} laneIndex={laneIndex} lane={lane} {...props} />
      ))}
    </div>
  );
}

function Lane({ lane, laneIndex, ...props }: LaneProps & { lane: string; laneIndex: number }) {
  return (
    <>
      <h2 className="lane-title self-start px-2 pt-2 text-sm font-semibold" id={`lane-${laneIndex}`}>
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
    <div
      ref={setNodeRef}
      className="lane-cell flex min-h-16 flex-col gap-2 rounded-lg bg-sunken p-2"
      role="list"
      aria-label={`${column.name}, ${laneLabel}`}
    >
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
              onOpen={props.onOpen}
            />
          </div>
        ))}
      </SortableContext>
    </div>
  );
}
