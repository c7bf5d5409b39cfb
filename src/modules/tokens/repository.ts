import 'server-only';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { apiTokens } from '@/server/db/schema';
import type { Tx } from '@/server/db/tenant';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function insertApiToken(tx: Tx, row: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  const [created] = await tx.insert(apiTokens).values(row).returning();
  return created!;
}

export async function listApiTokens(tx: Tx): Promise<ApiTokenRow[]> {
  return tx.select().from(apiTokens).orderBy(desc(apiTokens.createdAt)).limit(500);
}

export async function findApiToken(tx: Tx, id: string): Promise<ApiTokenRow | undefined> {
  const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id)).for('update');
  return row;
}

export async function revokeApiToken(tx: Tx, id: string): Promise<ApiTokenRow> {
  const [row] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning();
  return row!;
}

/** The live (unrevoked) tokens a member created in this workspace, locked for the change that follows. */
export async function liveTokensCreatedBy(tx: Tx, userId: string): Promise<ApiTokenRow[]> {
  return tx
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.createdBy, userId), isNull(apiTokens.revokedAt)))
    .for('update');
}

export async function revokeApiTokens(tx: Tx, ids: string[]): Promise<ApiTokenRow[]> {
  if (ids.length === 0) return [];
  return tx.update(apiTokens).set({ revokedAt: new Date() }).where(inArray(apiTokens.id, ids)).returning();
}

export async function setApiTokenRole(tx: Tx, id: string, role: ApiTokenRow['role']): Promise<ApiTokenRow> {
  const [row] = await tx.update(apiTokens).set({ role }).where(eq(apiTokens.id, id)).returning();
  return row!;
}
