import 'server-only';
import { eq } from 'drizzle-orm';
import { apiTokens } from './schema';
import type { Tx } from './tenant';

/** last_used_at of an API token, written by authentication (at most once a minute per token, see principal.ts). */
export async function touchApiToken(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
}
