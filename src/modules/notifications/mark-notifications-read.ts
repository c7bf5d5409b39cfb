import 'server-only';
import type { z } from 'zod';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { noticeOwner } from './list-notifications';
import { countUnread, markRead } from './repository';
import type { MarkReadBody } from './schemas';

export async function markNotificationsRead(ctx: TenantContext, body: z.infer<typeof MarkReadBody>) {
  const userId = noticeOwner(ctx);
  return withTenant(ctx.tenantId, async (tx) => {
    const marked = await markRead(tx, userId, body.ids ?? 'all');
    return { marked, unread: await countUnread(tx, userId) };
  });
}
