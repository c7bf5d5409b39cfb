import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { invitations } from '@/server/db/schema';
import type { Tx } from '@/server/db/tenant';

export type InvitationRow = typeof invitations.$inferSelect;

export async function insertInvitation(tx: Tx, row: typeof invitations.$inferInsert): Promise<InvitationRow> {
  const [created] = await tx.insert(invitations).values(row).returning();
  return created!;
}

export async function listInvitations(tx: Tx): Promise<InvitationRow[]> {
  return tx.select().from(invitations).orderBy(desc(invitations.createdAt)).limit(500);
}

export async function findInvitation(tx: Tx, id: string): Promise<InvitationRow | undefined> {
  const [row] = await tx.select().from(invitations).where(eq(invitations.id, id)).for('update');
  return row;
}

export async function findInvitationByHash(tx: Tx, tokenHash: string): Promise<InvitationRow | undefined> {
  const [row] = await tx.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).for('update');
  return row;
}

export async function markInvitation(
  tx: Tx,
  id: string,
  changes: Partial<Pick<InvitationRow, 'acceptedAt' | 'acceptedBy' | 'revokedAt'>>,
) {
  const [row] = await tx.update(invitations).set(changes).where(eq(invitations.id, id)).returning();
  return row!;
}
