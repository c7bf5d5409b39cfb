/**
 * The fields of a ticket card (TicketSummary): what the board view and board-ordered lists ship per ticket —
 * never the description. One list, in wire order: the zod schema (src/modules/tickets/schemas.ts), the SQL
 * projection and the row mapping (src/modules/tickets/card.ts) and the browser's copy of a card all derive from
 * it, and the type checker refuses a schema or projection that disagrees.
 */
export const ticketCardFields = [
  'id',
  'boardId',
  'columnId',
  'title',
  'priority',
  'assigneeId',
  'labels',
  'dueDate',
  'position',
  'version',
  'archivedAt',
  'updatedAt',
] as const;
export type TicketCardField = (typeof ticketCardFields)[number];
