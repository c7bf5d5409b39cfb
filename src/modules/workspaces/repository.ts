import 'server-only';
import { eq } from 'drizzle-orm';
import { memberships, workspaces } from '@/server/db/schema';
import type { Tx } from '@/server/db/tenant';
import type { Role } from '@/modules/access';

export type WorkspaceRow = typeof workspaces.$inferSelect;

export async function insertWorkspace(tx: Tx, row: { id: string; name: string; slug: string }): Promise<WorkspaceRow> {
  const [created] = await tx.insert(workspaces).values(row).returning();
  return created!;
}

export async function insertMembership(tx: Tx, row: { tenantId: string; userId: string; role: Role }): Promise<void> {
  await tx.insert(memberships).values(row);
}

/** RLS limits this to the current tenant: at most one row. */
export async function findCurrentWorkspace(tx: Tx): Promise<WorkspaceRow | undefined> {
  const [row] = await tx.select().from(workspaces).limit(1);
  return row;
}

export async function updateWorkspace(
  tx: Tx,
  id: string,
  changes: Partial<Pick<WorkspaceRow, 'name' | 'slug' | 'requireTwoFactor'>>,
): Promise<WorkspaceRow> {
  const [row] = await tx
    .update(workspaces)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(workspaces.id, id))
    .returning();
  return row!;
}

export async function deleteWorkspace(tx: Tx, id: string): Promise<void> {
  await tx.delete(workspaces).where(eq(workspaces.id, id));
}
