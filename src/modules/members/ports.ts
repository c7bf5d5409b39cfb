import 'server-only';
import type { Tx } from '@/server/db/tenant';
import type { Role } from '@/shared/permissions';
import { findMember } from './repository';

// What other modules may ask of memberships inside their own tenant transaction (tickets: is the assignee a
// member? invitations: is the invitee one already?).

/** The user's role in the current tenant, or null when they are not a member. */
export async function memberRole(tx: Tx, userId: string): Promise<Role | null> {
  return (await findMember(tx, userId))?.role ?? null;
}

/** Who a member is (name and address), for mail sent on their behalf; null when they are not a member. */
export async function memberProfile(tx: Tx, userId: string): Promise<{ name: string; email: string } | null> {
  const member = await findMember(tx, userId);
  return member ? { name: member.name, email: member.email } : null;
}
