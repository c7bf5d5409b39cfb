import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { env } from '@/server/env';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toWebhookDto } from './dto';
import { requireEndpoint } from './get-webhook';
import { updateEndpoint } from './repository';
import { encryptSecret, newSigningSecret, secretPrefix } from './secrets';

/**
 * A new signing secret, shown once. For WEBHOOK_SECRET_GRACE_HOURS the previous one keeps signing too (two
 * signatures in webhook-signature), so a receiver can switch without missing a message.
 */
export async function rotateWebhookSecret(ctx: TenantContext, id: string) {
  assertCan(ctx.role, 'webhook:manage');
  const secret = newSigningSecret();
  const graceMs = env().WEBHOOK_SECRET_GRACE_HOURS * 3_600_000;
  return withTenant(ctx.tenantId, async (tx) => {
    const before = await requireEndpoint(tx, id, true);
    const row = await updateEndpoint(tx, id, {
      secretCiphertext: encryptSecret(secret),
      secretPrefix: secretPrefix(secret),
      previousSecretCiphertext: graceMs > 0 ? before.secretCiphertext : null,
      previousSecretExpiresAt: graceMs > 0 ? new Date(Date.now() + graceMs) : null,
    });
    const dto = toWebhookDto(row!);
    await recordAudit(tx, ctx, {
      action: 'ROTATE',
      resourceType: 'webhook',
      resourceId: id,
      before: { secretPrefix: before.secretPrefix },
      after: { secretPrefix: dto.secretPrefix, previousSecretExpiresAt: dto.previousSecretExpiresAt },
    });
    return { ...dto, secret };
  });
}
