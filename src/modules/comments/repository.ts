import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { comments } from '@/server/db/schema';
import type { Tx } from '@/server/db/tenant';

export type CommentRow = typeof comments.$inferSelect;

export async function listComments(tx: Tx, ticketId: string): Promise<CommentRow[]> {
  return tx
    .select()
    .from(comments)
    .where(eq(comments.ticketId, ticketId))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(1000);
}

export async function insertComment(tx: Tx, row: typeof comments.$inferInsert): Promise<CommentRow> {
  const [created] = await tx.insert(comments).values(row).returning();
  return created!;
}

export async function findComment(tx: Tx, id: string): Promise<CommentRow | undefined> {
  const [row] = await tx.select().from(comments).where(eq(comments.id, id)).for('update');
  return row;
}

export async function deleteComment(tx: Tx, id: string): Promise<void> {
  await tx.delete(comments).where(eq(comments.id, id));
}
