import 'server-only';
import type { TenantContext } from '@/server/context';
import { forgetApiTokensOf } from '@/server/auth/principal';
import type { Tx } from '@/server/db/tenant';
import { rank, type Role } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toApiTokenDto } from './dto';
import { liveTokensCreatedBy, revokeApiTokens, setApiTokenRole } from './repository';

// What the members module asks of API tokens inside its own tenant transaction: a token is a delegation of its
// creator's rights (issue #12), so their tokens follow them when they leave or lose rights.

/**
 * A member left or was removed: every token they created in this workspace is revoked, one audit row each (the
 * actor is whoever removed them, or themselves when they left). Returns how many.
 */
export async function revokeTokensOfDepartedMember(
  tx: Tx,
  ctx: TenantContext,
  userId: string,
  reason: 'member_removed' | 'member_left' | 'account_deleted',
): Promise<number> {
  const live = await liveTokensCreatedBy(tx, userId);
  const revoked = await revokeApiTokens(
    tx,
    live.map((row) => row.id),
  );
  const before = new Map(live.map((row) => [row.id, row]));
  for (const row of revoked) {
    await recordAudit(tx, ctx, {
      action: 'REVOKE',
      resourceType: 'api_token',
      resourceId: row.id,
      before: toApiTokenDto(before.get(row.id)!),
      after: { ...toApiTokenDto(row), reason },
    });
  }
  forgetApiTokensOf(userId);
  return revoked.length;
}

/**
 * A member's role went down: their tokens that carried more are lowered to it (audited), so the token list tells
 * the truth. Requests never relied on this: a token always acts with at most its creator's current role.
 */
export async function capTokensOfMember(tx: Tx, ctx: TenantContext, userId: string, role: Role): Promise<number> {
  const live = await liveTokensCreatedBy(tx, userId);
  let lowered = 0;
  for (const row of live) {
    if (rank[row.role] <= rank[role]) continue;
    const after = await setApiTokenRole(tx, row.id, role);
    await recordAudit(tx, ctx, {
      action: 'UPDATE',
      resourceType: 'api_token',
      resourceId: row.id,
      before: toApiTokenDto(row),
      after: { ...toApiTokenDto(after), reason: 'creator_role_lowered' },
    });
    lowered++;
  }
  forgetApiTokensOf(userId);
  return lowered;
}
