import 'server-only';
import type { UserContext } from '@/server/context';
import { lookupInvitationTenant } from '@/server/db/lookups';
import { withTenant } from '@/server/db/tenant';
import { AppError, notFound } from '@/server/errors';
import { recordAudit } from '@/modules/audit';
import { hashSecret, looksLikeSecret } from '@/server/auth/secret-token';
import { memberRole } from '@/modules/members';
import { addMembership, currentWorkspace } from '@/modules/workspaces';
import { invitationStatus } from './dto';
import { findInvitationByHash, markInvitation } from './repository';
import { emitWebhookEvent } from '@/modules/webhooks';

export async function acceptInvitation(ctx: UserContext, token: string) {
  const missing = notFound('Invitation');
  if (!looksLikeSecret(token, 'tinv')) throw missing;
  const hash = hashSecret(token);
  const tenantId = await lookupInvitationTenant(hash);
  if (!tenantId) throw missing;
  return withTenant(tenantId, async (tx) => {
    const invitation = await findInvitationByHash(tx, hash);
    if (!invitation) throw missing;
    const status = invitationStatus(invitation);
    if (status !== 'pending')
      throw new AppError('CONFLICT', `This invitation is ${status}`, { extra: { invitationStatus: status } });
    if (invitation.email && invitation.email !== ctx.email.toLowerCase()) {
      throw new AppError('FORBIDDEN', 'This invitation was sent to a different email address');
    }
    // Registering an address proves nothing: an invitation bound to one needs the owner to have verified it, or
    // whoever signed up with it first would take the invitation (issue #12). The UI asks for verification.
    if (invitation.email && !ctx.emailVerified) {
      throw new AppError(
        'EMAIL_NOT_VERIFIED',
        `This invitation is for ${invitation.email}: verify that address first, then accept again`,
        { extra: { email: invitation.email } },
      );
    }
    if (await memberRole(tx, ctx.userId)) throw new AppError('CONFLICT', 'You are already a member of this workspace');
    await addMembership(tx, { tenantId, userId: ctx.userId, role: invitation.role });
    await markInvitation(tx, invitation.id, { acceptedAt: new Date(), acceptedBy: ctx.userId });
    const tenantCtx = { ...ctx, tenantId, role: invitation.role, actor: { type: 'user' as const, id: ctx.userId } };
    await recordAudit(tx, tenantCtx, {
      action: 'ACCEPT',
      resourceType: 'invitation',
      resourceId: invitation.id,
      after: { userId: ctx.userId, email: ctx.email, role: invitation.role },
    });
    await emitWebhookEvent(tx, tenantId, 'member.added', {
      userId: ctx.userId,
      name: ctx.name,
      email: ctx.email,
      role: invitation.role,
      joinedAt: new Date().toISOString(),
    });
    const workspace = await currentWorkspace(tx);
    return { workspace: workspace!, role: invitation.role };
  });
}
