import 'server-only';
import type { z } from 'zod';
import { actorUserId, type TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toWebhookDto } from './dto';
import { insertEndpoint } from './repository';
import type { CreateWebhookBody } from './schemas';
import { encryptSecret, newSigningSecret, secretPrefix } from './secrets';
import { assertDeliverableUrl } from './validate-url';

export async function createWebhook(ctx: TenantContext, input: z.infer<typeof CreateWebhookBody>) {
  assertCan(ctx.role, 'webhook:manage');
  assertDeliverableUrl(input.url);
  const secret = newSigningSecret();
  return withTenant(ctx.tenantId, async (tx) => {
    const row = await insertEndpoint(tx, {
      tenantId: ctx.tenantId,
      url: input.url,
      description: input.description ?? '',
      events: input.events,
      secretCiphertext: encryptSecret(secret),
      secretPrefix: secretPrefix(secret),
      createdBy: actorUserId(ctx),
    });
    const dto = toWebhookDto(row);
    await recordAudit(tx, ctx, { action: 'CREATE', resourceType: 'webhook', resourceId: row.id, after: dto });
    return { ...dto, secret };
  });
}
