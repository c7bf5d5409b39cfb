import 'server-only';
import type { RequestMeta } from '@/server/context';
import { lookupSessionWorkspaces } from '@/server/db/lookups';
import { withTenant } from '@/server/db/tenant';
import { recordAudit } from './record-audit';

/** A sign-in shows up in the audit log of every workspace the user belongs to (found through the new session). */
export async function recordSignIn(userId: string, sessionToken: string, meta: RequestMeta): Promise<void> {
  for (const membership of await lookupSessionWorkspaces(sessionToken)) {
    await withTenant(membership.tenantId, (tx) =>
      recordAudit(
        tx,
        { ...meta, tenantId: membership.tenantId, role: membership.role, actor: { type: 'user', id: userId } },
        {
          action: 'SIGN_IN',
          resourceType: 'session',
          resourceId: null,
          after: { userId },
        },
      ),
    );
  }
}
