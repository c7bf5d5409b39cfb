import 'server-only';
import { tenantEndpoint } from '@/server/http/endpoint';
import { listNotifications } from './list-notifications';
import { markNotificationsRead } from './mark-notifications-read';
import { MarkReadBody, MarkReadResult, NotificationList, NotificationQuery } from './schemas';

const tag = 'Notifications';

export const listNotificationsEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/notifications',
  operationId: 'listNotifications',
  summary: 'Your notices in this workspace (due-date reminders, webhook problems), newest first',
  tag,
  permission: 'workspace:read',
  query: NotificationQuery,
  response: NotificationList,
  handler: (ctx, { query }) => listNotifications(ctx, query),
});

export const markNotificationsReadEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/notifications/read',
  operationId: 'markNotificationsRead',
  summary: 'Mark notices read (the listed ones, or all)',
  tag,
  permission: 'workspace:read',
  body: MarkReadBody,
  response: MarkReadResult,
  handler: (ctx, { body }) => markNotificationsRead(ctx, body),
});
