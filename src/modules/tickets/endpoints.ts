import 'server-only';
import { tenantEndpoint } from '@/server/http/endpoint';
import { pageQuery } from '@/shared/schemas';
import { TicketActivityPage } from '@/modules/audit';
import {
  CreateTicketBody,
  MoveTicketBody,
  TicketDto,
  TicketListQuery,
  TicketPage,
  TicketParams,
  UpdateTicketBody,
  VersionBody,
} from './schemas';
import { createTicket } from './create-ticket';
import { updateTicket } from './update-ticket';
import { moveTicket } from './move-ticket';
import { archiveTicket } from './archive-ticket';
import { restoreTicket } from './restore-ticket';
import { deleteTicket } from './delete-ticket';
import { getTicket } from './get-ticket';
import { listTickets } from './list-tickets';
import { listTicketActivity } from './list-ticket-activity';

const tag = 'Tickets';

export const listTicketsEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/tickets',
  operationId: 'listTickets',
  summary: 'List tickets with filters and cursor pagination',
  tag,
  permission: 'board:read',
  query: TicketListQuery,
  response: TicketPage,
  handler: (ctx, { query }) => listTickets(ctx, query),
});

export const createTicketEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/tickets',
  operationId: 'createTicket',
  summary: 'Create a ticket in a column',
  tag,
  permission: 'ticket:create',
  body: CreateTicketBody,
  response: TicketDto,
  status: 201,
  handler: (ctx, { body }) => createTicket(ctx, body),
});

export const getTicketEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/tickets/{ticketId}',
  operationId: 'getTicket',
  summary: 'Get a ticket',
  tag,
  permission: 'board:read',
  params: TicketParams,
  response: TicketDto,
  handler: (ctx, { params }) => getTicket(ctx, params.ticketId),
});

export const updateTicketEndpoint = tenantEndpoint({
  method: 'PATCH',
  path: '/tickets/{ticketId}',
  operationId: 'updateTicket',
  summary: 'Edit a ticket (optimistic concurrency on version)',
  tag,
  permission: 'ticket:update',
  params: TicketParams,
  body: UpdateTicketBody,
  response: TicketDto,
  handler: (ctx, { params, body }) => updateTicket(ctx, params.ticketId, body),
});

export const moveTicketEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/tickets/{ticketId}/move',
  operationId: 'moveTicket',
  summary: 'Move a ticket within or between columns, next to a neighbour',
  tag,
  permission: 'ticket:move',
  params: TicketParams,
  body: MoveTicketBody,
  response: TicketDto,
  handler: (ctx, { params, body }) => moveTicket(ctx, params.ticketId, body),
});

export const archiveTicketEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/tickets/{ticketId}/archive',
  operationId: 'archiveTicket',
  summary: 'Archive a ticket',
  tag,
  permission: 'ticket:archive',
  params: TicketParams,
  body: VersionBody,
  response: TicketDto,
  handler: (ctx, { params, body }) => archiveTicket(ctx, params.ticketId, body.version),
});

export const restoreTicketEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/tickets/{ticketId}/restore',
  operationId: 'restoreTicket',
  summary: 'Restore an archived ticket to the end of its column',
  tag,
  permission: 'ticket:archive',
  params: TicketParams,
  body: VersionBody,
  response: TicketDto,
  handler: (ctx, { params, body }) => restoreTicket(ctx, params.ticketId, body.version),
});

export const deleteTicketEndpoint = tenantEndpoint({
  method: 'DELETE',
  path: '/tickets/{ticketId}',
  operationId: 'deleteTicket',
  summary: 'Delete a ticket for good',
  tag,
  permission: 'ticket:delete',
  params: TicketParams,
  status: 204,
  handler: (ctx, { params }) => deleteTicket(ctx, params.ticketId),
});

export const listTicketActivityEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/tickets/{ticketId}/activity',
  operationId: 'listTicketActivity',
  summary: "A ticket's history from the audit log, newest first (no IPs or user agents)",
  tag,
  permission: 'board:read',
  params: TicketParams,
  query: pageQuery,
  response: TicketActivityPage,
  handler: (ctx, { params, query }) => listTicketActivity(ctx, params.ticketId, query),
});
