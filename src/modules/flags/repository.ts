import 'server-only';
import { eq } from 'drizzle-orm';
import { workspaceFlags } from '@/server/db/schema';
import type { Tx } from '@/server/db/tenant';

export async function setWorkspaceFlag(
  tx: Tx,
  row: { tenantId: string; flag: string; enabled: boolean; updatedBy: string | null },
): Promise<void> {
  await tx
    .insert(workspaceFlags)
    .values(row)
    .onConflictDoUpdate({
      target: [workspaceFlags.tenantId, workspaceFlags.flag],
      set: { enabled: row.enabled, updatedBy: row.updatedBy, updatedAt: new Date() },
    });
}

export async function clearWorkspaceFlag(tx: Tx, flag: string): Promise<void> {
  await tx.delete(workspaceFlags).where(eq(workspaceFlags.flag, flag));
}
