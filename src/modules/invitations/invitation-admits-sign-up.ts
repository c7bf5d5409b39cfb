import 'server-only';
import { lookupInvitationTenant } from '@/server/db/lookups';
import { withTenant } from '@/server/db/tenant';
import { hashSecret, looksLikeSecret } from '@/server/auth/secret-token';
import { invitationStatus } from './dto';
import { findInvitationByHash } from './repository';

/**
 * Whether an invitation lets this address create an account on an instance whose sign-up is closed or limited to
 * some domains: it must be pending (not used, revoked or expired) and, when bound to an address, bound to this one.
 * Nothing is accepted here; the new account accepts it on the invitation page as usual.
 */
export async function invitationAdmitsSignUp(token: string, email: string): Promise<boolean> {
  if (!looksLikeSecret(token, 'tinv')) return false;
  const hash = hashSecret(token);
  const tenantId = await lookupInvitationTenant(hash);
  if (!tenantId) return false;
  return withTenant(tenantId, async (tx) => {
    const invitation = await findInvitationByHash(tx, hash);
    if (!invitation || invitationStatus(invitation) !== 'pending') return false;
    return !invitation.email || invitation.email === email.trim().toLowerCase();
  });
}
