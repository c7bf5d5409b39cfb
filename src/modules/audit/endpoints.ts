import { tenantEndpoint } from '../../server/http/endpoint';
import { pageQuery } from '../shared/schemas';
import { TicketParams } from '../tickets/schemas';
import { AuditPage, AuditQuery, TicketActivityPage } from './schemas';
import { listAuditLog } from './list-audit-log';
import { listTicketActivity } from './ticket-activity';

export const listAuditLogEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/audit-log',
  operationId: 'listAuditLog',
  summary: 'The audit log, newest first, with filters',
  tag: 'Audit log',
  permission: 'audit:read',
  query: AuditQuery,
  response: AuditPage,
  handler: (ctx, { query }) => listAuditLog(ctx, query),
});

export const listTicketActivityEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/tickets/{ticketId}/activity',
  operationId: 'listTicketActivity',
  summary: "A ticket's history from the audit log, newest first (no IPs or user agents)",
  tag: 'Tickets',
  permission: 'board:read',
  params: TicketParams,
  query: pageQuery,
  response: TicketActivityPage,
  handler: (ctx, { params, query }) => listTicketActivity(ctx, params.ticketId, query),
});
