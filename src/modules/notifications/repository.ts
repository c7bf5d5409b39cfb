import 'server-only';
import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { memberships, notifications, users, workspaces } from '@/server/db/schema';
import type { Tx } from '@/server/db/tenant';

export type NotificationRow = typeof notifications.$inferSelect;

export interface NewNotice {
  kind: string;
  title: string;
  body?: string;
  /** A path inside the workspace, e.g. 't/<ticket id>' or 'settings/webhooks'. */
  link?: string | null;
  /** Idempotency: one notice per user per key. */
  dedupeKey?: string | null;
}

/** Adds a notice for each user; a (user, dedupeKey) already notified is skipped. Returns the users notified. */
export async function insertNotices(tx: Tx, tenantId: string, userIds: string[], notice: NewNotice): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await tx
    .insert(notifications)
    .values(
      userIds.map((userId) => ({
        tenantId,
        userId,
        kind: notice.kind,
        title: notice.title,
        body: notice.body ?? '',
        link: notice.link ?? null,
        dedupeKey: notice.dedupeKey ?? null,
      })),
    )
    .onConflictDoNothing()
    .returning({ userId: notifications.userId });
  return rows.map((row) => row.userId);
}

export async function findNotices(
  tx: Tx,
  userId: string,
  options: { unreadOnly: boolean; limit: number; after?: { createdAt: Date; id: string } },
): Promise<NotificationRow[]> {
  const conditions = [eq(notifications.userId, userId)];
  if (options.unreadOnly) conditions.push(isNull(notifications.readAt));
  if (options.after)
    conditions.push(
      or(
        lt(notifications.createdAt, options.after.createdAt),
        and(eq(notifications.createdAt, options.after.createdAt), lt(notifications.id, options.after.id)),
      )!,
    );
  return tx
    .select()
    .from(notifications)
    .where(and(...conditions))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(options.limit);
}

export async function countUnread(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function markRead(tx: Tx, userId: string, ids: string[] | 'all'): Promise<number> {
  const rows = await tx
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        ids === 'all' ? undefined : inArray(notifications.id, ids),
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}

export interface Recipient {
  userId: string;
  name: string;
  email: string;
}

/** The workspace's owners and admins — who hears about its settings (a webhook disabled, …). */
export async function findAdmins(tx: Tx): Promise<Recipient[]> {
  return tx
    .select({ userId: memberships.userId, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.role, ['owner', 'admin']));
}

export async function findRecipients(tx: Tx, userIds: string[]): Promise<Recipient[]> {
  if (userIds.length === 0) return [];
  return tx
    .select({ userId: memberships.userId, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.userId, userIds));
}

export async function findWorkspace(tx: Tx, tenantId: string): Promise<{ name: string; slug: string } | undefined> {
  const [row] = await tx
    .select({ name: workspaces.name, slug: workspaces.slug })
    .from(workspaces)
    .where(eq(workspaces.id, tenantId));
  return row;
}
