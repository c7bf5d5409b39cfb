import { z } from 'zod';

export const NotificationDto = z
  .object({
    id: z.uuid(),
    kind: z.string().describe('due_soon, overdue, webhook_disabled, …'),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable().describe('A path inside the app'),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });

export const NotificationList = z
  .object({ data: z.array(NotificationDto), nextCursor: z.string().nullable(), unread: z.number().int() })
  .meta({ id: 'NotificationList' });

export const NotificationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().min(1).max(512).optional(),
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Only unread notices'),
});

export const MarkReadBody = z
  .object({
    ids: z.array(z.uuid()).min(1).max(200).optional().describe('Notices to mark read; omit for all'),
  })
  .meta({ id: 'MarkNotificationsReadBody' });

export const MarkReadResult = z.object({ marked: z.number().int(), unread: z.number().int() }).meta({
  id: 'MarkNotificationsReadResult',
});
