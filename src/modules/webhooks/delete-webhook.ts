import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toWebhookDto } from './dto';
import { requireEndpoint } from './get-webhook';
import { deleteEndpoint } from './repository';

/** Deletes the endpoint and its delivery log; deliveries still queued find it gone and stop. */
export async function deleteWebhook(ctx: TenantContext, id: string): Promise<void> {
  assertCan(ctx.role, 'webhook:manage');
  await withTenant(ctx.tenantId, async (tx) => {
    const before = await requireEndpoint(tx, id, true);
    await deleteEndpoint(tx, id);
    await recordAudit(tx, ctx, {
      action: 'DELETE',
      resourceType: 'webhook',
      resourceId: id,
      before: toWebhookDto(before),
    });
  });
}
