import 'server-only';
import type { RequestMeta } from '../../server/context';
import type { AccountEvent } from '../../server/auth/lifecycle';
import { lookupAccountWorkspaces } from '../../server/db/lookups';
import { withTenant } from '../../server/db/tenant';
import { recordAudit, type AuditAction, type AuditResource } from '@/modules/audit';

const entries: Record<AccountEvent, { action: AuditAction; resourceType: AuditResource }> = {
  'email-verified': { action: 'VERIFY_EMAIL', resourceType: 'account' },
  'email-change-requested': { action: 'REQUEST_EMAIL_CHANGE', resourceType: 'account' },
  'email-changed': { action: 'CHANGE_EMAIL', resourceType: 'account' },
  'password-reset': { action: 'RESET_PASSWORD', resourceType: 'account' },
  'password-changed': { action: 'CHANGE_PASSWORD', resourceType: 'account' },
  'two-factor-enabled': { action: 'ENABLE_2FA', resourceType: 'account' },
  'two-factor-disabled': { action: 'DISABLE_2FA', resourceType: 'account' },
  'backup-codes-regenerated': { action: 'REGENERATE_BACKUP_CODES', resourceType: 'account' },
  'session-revoked': { action: 'REVOKE', resourceType: 'session' },
  'other-sessions-revoked': { action: 'REVOKE_OTHERS', resourceType: 'session' },
  'all-sessions-revoked': { action: 'REVOKE_ALL', resourceType: 'session' },
  'account-deleted': { action: 'DELETE', resourceType: 'account' },
};

/**
 * An account's security events show up in the audit log of every workspace it belongs to, as its sign-ins do:
 * a workspace's admins see when a member's password, email or second factor changed. Rows carry the user id
 * only — never an address — so that they stay pseudonymous once the account is deleted.
 */
export async function recordAccountEvent(
  userId: string,
  meta: RequestMeta,
  event: AccountEvent,
  details: Record<string, unknown> = {},
): Promise<void> {
  const { action, resourceType } = entries[event];
  for (const membership of await lookupAccountWorkspaces(userId)) {
    await withTenant(membership.tenantId, (tx) =>
      recordAudit(
        tx,
        { ...meta, tenantId: membership.tenantId, role: membership.role, actor: { type: 'user', id: userId } },
        { action, resourceType, resourceId: resourceType === 'account' ? userId : null, after: { userId, ...details } },
      ),
    );
  }
}
