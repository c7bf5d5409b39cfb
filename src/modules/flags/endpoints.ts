import 'server-only';
import { tenantEndpoint } from '@/server/http/endpoint';
import { FlagList, UpdateFlagsBody } from './schemas';
import { listFlags } from './list-flags';
import { updateFlags } from './update-flags';

const tag = 'Feature flags';

export const listFlagsEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/flags',
  operationId: 'listFlags',
  summary: 'Feature flags as they apply to you in this workspace',
  tag,
  permission: 'workspace:read',
  response: FlagList,
  handler: (ctx) => listFlags(ctx),
});

export const updateFlagsEndpoint = tenantEndpoint({
  method: 'PUT',
  path: '/flags',
  operationId: 'updateFlags',
  summary: 'Override product flags for this workspace (null clears an override)',
  tag,
  permission: 'settings:manage',
  body: UpdateFlagsBody,
  response: FlagList,
  handler: (ctx, { body }) => updateFlags(ctx, body),
});
