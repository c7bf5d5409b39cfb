import 'server-only';
import type { Tx } from '@/server/db/tenant';
import type { Role } from '@/shared/permissions';
import { toWorkspaceDto } from './dto';
import { findCurrentWorkspace, insertMembership } from './repository';

// What other modules may do to a workspace inside their own tenant transaction (invitations: join it).

export async function addMembership(tx: Tx, row: { tenantId: string; userId: string; role: Role }): Promise<void> {
  await insertMembership(tx, row);
}

/** The current tenant's workspace as the API shows it; undefined when RLS hides it. */
export async function currentWorkspace(tx: Tx) {
  const row = await findCurrentWorkspace(tx);
  return row ? toWorkspaceDto(row) : undefined;
}
