import 'server-only';
import { tenantEndpoint } from '@/server/http/endpoint';
import { LabelDto, LabelList, SetLabelColourBody } from './schemas';
import { listLabels } from './list-labels';
import { setLabelColour } from './set-label-colour';

const tag = 'Labels';

export const listLabelsEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/labels',
  operationId: 'listLabels',
  summary: 'The workspace’s labels: those on open tickets and those given a colour, with their colour',
  tag,
  permission: 'workspace:read',
  response: LabelList,
  handler: (ctx) => listLabels(ctx),
});

export const setLabelColourEndpoint = tenantEndpoint({
  method: 'PUT',
  path: '/labels',
  operationId: 'setLabelColour',
  summary: 'Give a label a colour of the palette for the whole workspace (null resets it to its default hue)',
  tag,
  permission: 'settings:manage',
  body: SetLabelColourBody,
  response: LabelDto,
  handler: (ctx, { body }) => setLabelColour(ctx, body),
});
