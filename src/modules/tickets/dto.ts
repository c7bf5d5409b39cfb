import type { TicketRow, TicketSummaryRow } from './repository';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toTicketSummaryDto(row: TicketSummaryRow) {
  return {
    id: row.id,
    boardId: row.boardId,
    columnId: row.columnId,
    title: row.title,
    priority: row.priority,
    assigneeId: row.assigneeId,
    labels: row.labels,
    dueDate: row.dueDate,
    position: row.position,
    version: row.version,
    archivedAt: iso(row.archivedAt),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toTicketDto(row: TicketRow) {
  return {
    ...toTicketSummaryDto(row),
    description: row.description,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
