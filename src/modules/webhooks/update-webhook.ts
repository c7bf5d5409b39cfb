import 'server-only';
import type { z } from 'zod';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toWebhookDto } from './dto';
import { requireEndpoint } from './get-webhook';
import { updateEndpoint } from './repository';
import type { UpdateWebhookBody } from './schemas';
import { assertDeliverableUrl } from './validate-url';

export async function updateWebhook(ctx: TenantContext, id: string, input: z.infer<typeof UpdateWebhookBody>) {
  assertCan(ctx.role, 'webhook:manage');
  if (input.url !== undefined) assertDeliverableUrl(input.url);
  return withTenant(ctx.tenantId, async (tx) => {
    const before = await requireEndpoint(tx, id, true);
    const enabling = input.enabled === true && !before.enabled;
    const disabling = input.enabled === false && before.enabled;
    const row = await updateEndpoint(tx, id, {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.events !== undefined ? { events: input.events } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(enabling ? { enabled: true, disabledReason: null, disabledAt: null, failingSince: null } : {}),
      ...(disabling ? { enabled: false, disabledReason: 'manual' as const, disabledAt: new Date() } : {}),
    });
    const dto = toWebhookDto(row!);
    await recordAudit(tx, ctx, {
      action: 'UPDATE',
      resourceType: 'webhook',
      resourceId: id,
      before: toWebhookDto(before),
      after: dto,
    });
    return dto;
  });
}
