import 'server-only';
import { tenantEndpoint } from '@/server/http/endpoint';
import { AuditPage, AuditQuery } from './schemas';
import { listAuditLog } from './list-audit-log';

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
