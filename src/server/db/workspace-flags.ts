import 'server-only';
import { workspaceFlags } from './schema';
import type { Tx } from './tenant';

export type WorkspaceFlagRow = typeof workspaceFlags.$inferSelect;

/** The workspace's own flag overrides (RLS: the current tenant's only); read by flag evaluation and the flags API. */
export async function listWorkspaceFlags(tx: Tx): Promise<WorkspaceFlagRow[]> {
  return tx.select().from(workspaceFlags);
}
