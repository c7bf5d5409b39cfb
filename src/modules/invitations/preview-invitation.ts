import 'server-only';
import type { UserContext } from '@/server/context';
import { lookupInvitationTenant } from '@/server/db/lookups';
import { withTenant } from '@/server/db/tenant';
import { AppError, notFound } from '@/server/errors';
import { hashSecret, looksLikeSecret } from '@/server/auth/secret-token';
import { memberRole } from '@/modules/members';
import { currentWorkspace } from '@/modules/workspaces';
import { invitationStatus } from './dto';
import { findInvitationByHash } from './repository';

/**
 * What an invitation link leads to, before accepting it: the workspace's name, the role, and whether the signed-in
 * user can accept it (pending, not a member yet). One bound to another address is a 403, as for accepting it. The invitation page shows an Accept button only
 * then, and says plainly why not otherwise. Unknown tokens are a 404, like accepting one.
 */
export async function previewInvitation(ctx: UserContext, token: string) {
  const missing = notFound('Invitation');
  if (!looksLikeSecret(token, 'tinv')) throw missing;
  const hash = hashSecret(token);
  const tenantId = await lookupInvitationTenant(hash);
  if (!tenantId) throw missing;
  return withTenant(tenantId, async (tx) => {
    const invitation = await findInvitationByHash(tx, hash);
    if (!invitation) throw missing;
    // Bound to another address: refused like accepting it, before anything about the workspace is told.
    if (invitation.email && invitation.email !== ctx.email.toLowerCase())
      throw new AppError('FORBIDDEN', 'This invitation was sent to a different email address');
    const status = invitationStatus(invitation);
    const workspace = await currentWorkspace(tx);
    const member = Boolean(await memberRole(tx, ctx.userId));
    // Bound to this user's address, which they have not proved yet: accepting would answer EMAIL_NOT_VERIFIED.
    const unverified = Boolean(invitation.email) && !ctx.emailVerified;
    return {
      status,
      role: invitation.role,
      workspace: { name: workspace!.name, slug: workspace!.slug },
      expiresAt: invitation.expiresAt.toISOString(),
      canAccept: status === 'pending' && !member && !unverified,
      reason: member ? ('already-member' as const) : unverified ? ('email-not-verified' as const) : null,
    };
  });
}
