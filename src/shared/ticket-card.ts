/**
 * The fields of a ticket card (TicketSummary): what the board view and board-ordered lists ship per ticket —
 * never the description. One list, in wire order: the zod schema (src/modules/tickets/schemas.ts), the SQL
 * projection and the row mapping (src/modules/tickets/card.ts) and the browser's copy of a card all derive from
 * it, and the type checker refuses a schema or projection that disagrees. Every field is a column of the ticket
 * except `commentCount`, counted from its comments where the card is read (never stored: nothing to drift).
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
  'commentCount',
] as const;
export type TicketCardField = (typeof ticketCardFields)[number];
