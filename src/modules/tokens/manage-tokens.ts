import type { TenantContext } from '../../server/context';
import { forgetApiToken } from '../../server/auth/principal';
import { withTenant } from '../../server/db/tenant';
import { AppError, forbidden, notFound } from '../../server/errors';
import { assertCan, canIssueTokenWithRole, type Role } from '../access/policy';
import { recordAudit } from '../audit/record-audit';
import { newSecret } from '../shared/secret-token';
import { toApiTokenDto } from './dto';
import {
  findApiToken,
  insertApiToken,
  listApiTokens as selectTokens,
  revokeApiToken as markRevoked,
} from './repository';

export async function createApiToken(ctx: TenantContext, input: { name: string; role: Role; expiresAt?: string }) {
  assertCan(ctx.role, 'token:manage');
  // A token minting tokens would outlive its own revocation; only people issue them.
  if (ctx.actor.type !== 'user') throw new AppError('FORBIDDEN', 'API tokens cannot create API tokens');
  if (!canIssueTokenWithRole(ctx.role, input.role)) throw forbidden(`A ${ctx.role} cannot issue a ${input.role} token`);
  const { secret, hash, prefix } = newSecret('tika');
  return withTenant(ctx.tenantId, async (tx) => {
    const row = await insertApiToken(tx, {
      tenantId: ctx.tenantId,
      name: input.name,
      prefix,
      tokenHash: hash,
      role: input.role,
      createdBy: ctx.actor.id,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    });
    const dto = toApiTokenDto(row);
    await recordAudit(tx, ctx, { action: 'CREATE', resourceType: 'api_token', resourceId: row.id, after: dto });
    return { ...dto, token: secret };
  });
}

export async function listApiTokens(ctx: TenantContext) {
  assertCan(ctx.role, 'token:manage');
  const rows = await withTenant(ctx.tenantId, selectTokens);
  return { data: rows.map(toApiTokenDto) };
}

export async function revokeApiToken(ctx: TenantContext, tokenId: string) {
  assertCan(ctx.role, 'token:manage');
  return withTenant(ctx.tenantId, async (tx) => {
    const row = await findApiToken(tx, tokenId);
    if (!row) throw notFound('API token');
    if (row.revokedAt) throw new AppError('CONFLICT', 'The token is already revoked');
    const revoked = await markRevoked(tx, tokenId);
    forgetApiToken(tokenId);
    await recordAudit(tx, ctx, {
      action: 'REVOKE',
      resourceType: 'api_token',
      resourceId: tokenId,
      before: toApiTokenDto(row),
      after: toApiTokenDto(revoked),
    });
    return toApiTokenDto(revoked);
  });
}
