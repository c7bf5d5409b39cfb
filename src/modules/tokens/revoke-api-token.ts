import 'server-only';
import type { TenantContext } from '@/server/context';
import { forgetApiToken } from '@/server/auth/principal';
import { afterCommit, withTenant } from '@/server/db/tenant';
import { AppError, notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toApiTokenDto } from './dto';
import { findApiToken, revokeApiToken as markRevoked } from './repository';

export async function revokeApiToken(ctx: TenantContext, tokenId: string) {
  assertCan(ctx.role, 'token:manage');
  return withTenant(ctx.tenantId, async (tx) => {
    const row = await findApiToken(tx, tokenId);
    if (!row) throw notFound('API token');
    if (row.revokedAt) throw new AppError('CONFLICT', 'The token is already revoked');
    const revoked = await markRevoked(tx, tokenId);
    await recordAudit(tx, ctx, {
      action: 'REVOKE',
      resourceType: 'api_token',
      resourceId: tokenId,
      before: toApiTokenDto(row),
      after: toApiTokenDto(revoked),
    });
    // After the commit: forgotten earlier, a request in between could cache the token as still valid.
    afterCommit(() => forgetApiToken(tokenId));
    return toApiTokenDto(revoked);
  });
}
