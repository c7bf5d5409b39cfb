import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { AppError, forbidden } from '@/server/errors';
import { assertCan, canIssueTokenWithRole, type Role } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { newSecret } from '@/server/auth/secret-token';
import { toApiTokenDto } from './dto';
import { insertApiToken } from './repository';

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
