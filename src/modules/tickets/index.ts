// tickets: tickets on a board's columns — create, edit, move (server-computed positions), archive, delete,
// list/search, and a ticket's activity (from the audit log).
import 'server-only';
export { createTicket, type CreateTicketInput } from './create-ticket';
export { updateTicket, type UpdateTicketInput } from './update-ticket';
export { moveTicket, type MoveTicketInput } from './move-ticket';
export { archiveTicket } from './archive-ticket';
export { restoreTicket } from './restore-ticket';
export { deleteTicket } from './delete-ticket';
export { getTicket } from './get-ticket';
export { listTickets } from './list-tickets';
export { listTicketActivity } from './list-ticket-activity';
export { assertTicketExists, countTicketsInColumn } from './ports';
// The card's SQL projection, for the board view (boards builds its JSON in one statement).
export { cardJsonSql } from './repository';
export type { TicketSummary, Ticket } from './schemas';
export * from './schemas';
export * from './endpoints';
export * as endpoints from './endpoints';
