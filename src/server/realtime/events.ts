/**
 * What changed on a board, as sent between app replicas over Postgres NOTIFY and on to browsers over SSE.
 * Small on purpose (NOTIFY payloads are limited to 8,000 bytes): clients fetch what they need.
 */
export type BoardEventKind =
  | 'ticket.created'
  | 'ticket.updated'
  | 'ticket.moved'
  | 'ticket.archived'
  | 'ticket.restored'
  | 'ticket.deleted'
  | 'column.changed'
  | 'board.updated'
  | 'board.deleted';

export interface BoardEvent {
  tenantId: string;
  boardId: string;
  kind: BoardEventKind;
  ticketId?: string;
  version?: number;
  /** The ticket's column after the change. */
  columnId?: string;
  /** For moves between columns and deletions: the column it left. */
  fromColumnId?: string;
}

export const BOARD_EVENTS_CHANNEL = 'tika_board_events';

export function parseBoardEvent(payload: string): BoardEvent | null {
  try {
    const value = JSON.parse(payload) as Partial<BoardEvent>;
    if (typeof value.tenantId !== 'string' || typeof value.boardId !== 'string' || typeof value.kind !== 'string')
      return null;
    return value as BoardEvent;
  } catch {
    return null;
  }
}
