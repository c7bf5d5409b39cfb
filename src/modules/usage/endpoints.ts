import 'server-only';
import { tenantEndpoint } from '@/server/http/endpoint';
import { UsageDto, UsageQuery } from './schemas';
import { getUsage } from './get-usage';

export const getUsageEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/usage',
  operationId: 'getUsage',
  summary: 'API calls of the workspace per day (admins and owners)',
  tag: 'Usage',
  permission: 'usage:read',
  query: UsageQuery,
  response: UsageDto,
  handler: (ctx, { query }) => getUsage(ctx, query),
});
