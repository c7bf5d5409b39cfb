import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { memberships, tickets, users } from '@/server/db/schema';
import type { Tx } from '@/server/db/tenant';
import type { Role } from '@/modules/access';

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
}

const memberColumns = {
  userId: memberships.userId,
  name: users.name,
  email: users.email,
  role: memberships.role,
  joinedAt: memberships.createdAt,
};

// users carries no tenant: it is only ever reached through this tenant's memberships.
export async function listMembers(tx: Tx): Promise<MemberRow[]> {
  return tx
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .orderBy(asc(memberships.createdAt));
}

export async function findMember(tx: Tx, userId: string, lock = false): Promise<MemberRow | undefined> {
  const query = tx
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.userId, userId));
  const [row] = await (lock ? query.for('update', { of: memberships }) : query);
  return row;
}

export async function setMemberRole(tx: Tx, userId: string, role: Role): Promise<void> {
  await tx.update(memberships).set({ role }).where(eq(memberships.userId, userId));
}

export async function deleteMember(tx: Tx, userId: string): Promise<void> {
  await tx.delete(memberships).where(eq(memberships.userId, userId));
}

/** A departing member's tickets become unassigned (and change version, so open editors see it). */
export async function unassignTickets(tx: Tx, userId: string): Promise<number> {
  const rows = await tx
    .update(tickets)
    .set({ assigneeId: null, version: sql`${tickets.version} + 1`, updatedAt: new Date() })
    .where(and(eq(tickets.assigneeId, userId)))
    .returning({ id: tickets.id });
  return rows.length;
}
