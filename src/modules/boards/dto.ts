import type { BoardRow, ColumnRow } from './repository';

export function toBoardDto(row: BoardRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    archivedAt: row.archivedAt ? row.archivedAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toColumnDto(row: ColumnRow, ticketCount: number) {
  return {
    id: row.id,
    boardId: row.boardId,
    name: row.name,
    position: row.position,
    wipLimit: row.wipLimit,
    ticketCount,
  };
}
