import 'server-only';
import type { z } from 'zod';
import { actorUserId, type TenantContext } from '@/server/context';
import { decodeCursor, page } from '@/server/db/cursor';
import { withTenant } from '@/server/db/tenant';
import { AppError } from '@/server/errors';
import { countUnread, findNotices, type NotificationRow } from './repository';
import type { NotificationDto, NotificationQuery } from './schemas';

export function toNotificationDto(row: NotificationRow): z.infer<typeof NotificationDto> {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}

/** The signed-in member's own notices in this workspace, newest first (an API token has none). */
export function noticeOwner(ctx: TenantContext): string {
  const userId = actorUserId(ctx);
  if (!userId) throw new AppError('FORBIDDEN', 'Notifications belong to people: sign in instead of using a token');
  return userId;
}

export async function listNotifications(ctx: TenantContext, query: z.infer<typeof NotificationQuery>) {
  const userId = noticeOwner(ctx);
  const after = query.cursor ? decodeCursor(query.cursor, ['string', 'string']) : undefined;
  const [rows, unread] = await withTenant(ctx.tenantId, async (tx) =>
    Promise.all([
      findNotices(tx, userId, {
        unreadOnly: query.unread,
        limit: query.limit + 1,
        after: after ? { createdAt: new Date(String(after[0])), id: String(after[1]) } : undefined,
      }),
      countUnread(tx, userId),
    ]),
  );
  const result = page(rows, query.limit, (row) => [row.createdAt.toISOString(), row.id]);
  return { data: result.data.map(toNotificationDto), nextCursor: result.nextCursor, unread };
}
