import 'server-only';
import type { RequestMeta, TenantContext } from '@/server/context';
import { lookupAccountWorkspaces } from '@/server/db/lookups';
import { withTenant } from '@/server/db/tenant';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/modules/audit';
import { revokeTokensOfDepartedMember } from '@/modules/tokens';
import { deleteMember, findMember, unassignTickets } from './repository';

/** The workspaces an account owns: while there is one, the account cannot be deleted. */
function ownsWorkspaces(workspaces: { id: string; name: string; slug: string }[]): AppError {
  const names = workspaces.map((w) => `“${w.name}”`).join(', ');
  return new AppError(
    'ACCOUNT_OWNS_WORKSPACES',
    `You own ${names}. Transfer ownership to another member or delete ${workspaces.length === 1 ? 'it' : 'them'} first, then delete your account.`,
    { extra: { workspaces } },
  );
}

/**
 * An account is being deleted: it leaves every workspace it belongs to, each in one transaction of that
 * workspace — its tickets unassigned, the API tokens it created revoked, its membership gone, and a DELETE account
 * row in the workspace's audit log. Refused (409 ACCOUNT_OWNS_WORKSPACES, the workspaces listed) while it owns a
 * workspace: a workspace is never left without an owner. The audit rows name the account by its id only, which
 * means nothing once the account is gone (a pseudonym, never a name or an address).
 */
export async function removeDeletedAccount(userId: string, meta: RequestMeta): Promise<{ workspaces: number }> {
  const memberships = await lookupAccountWorkspaces(userId);
  const owned = memberships.filter((m) => m.role === 'owner');
  if (owned.length) throw ownsWorkspaces(owned.map((m) => ({ id: m.tenantId, name: m.name, slug: m.slug })));
  for (const membership of memberships) {
    const ctx: TenantContext = {
      ...meta,
      tenantId: membership.tenantId,
      role: membership.role,
      actor: { type: 'user', id: userId },
    };
    await withTenant(membership.tenantId, async (tx) => {
      const member = await findMember(tx, userId, true);
      if (!member) return; // left meanwhile
      // Made owner meanwhile (an ownership transfer to this account): refused like above.
      if (member.role === 'owner')
        throw ownsWorkspaces([{ id: membership.tenantId, name: membership.name, slug: membership.slug }]);
      const unassignedTickets = await unassignTickets(tx, userId);
      await deleteMember(tx, userId);
      const revokedTokens = await revokeTokensOfDepartedMember(tx, ctx, userId, 'account_deleted');
      await recordAudit(tx, ctx, {
        action: 'DELETE',
        resourceType: 'account',
        resourceId: userId,
        before: { userId, role: member.role },
        after: { unassignedTickets, revokedTokens },
      });
    });
  }
  return { workspaces: memberships.length };
}
