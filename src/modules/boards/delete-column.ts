import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { AppError, notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { publishBoardEvent } from '@/server/realtime/publish';
import { countTicketsInColumn } from '@/modules/tickets';
import { toColumnDto } from './dto';
import { deleteColumn as removeColumn, findColumn } from './repository';
import { emitWebhookEvent } from '@/modules/webhooks';

/** Only an empty column can go: deleting cards as a side effect of tidying columns loses work. */
export async function deleteColumn(ctx: TenantContext, columnId: string) {
  assertCan(ctx.role, 'column:manage');
  await withTenant(ctx.tenantId, async (tx) => {
    const before = await findColumn(tx, columnId, true);
    if (!before) throw notFound('Column');
    const remaining = await countTicketsInColumn(tx, columnId, true);
    if (remaining > 0)
      throw new AppError('CONFLICT', `Move or delete the ${remaining} ticket(s) in "${before.name}" first`, {
        extra: { ticketCount: remaining },
      });
    await removeColumn(tx, columnId);
    await recordAudit(tx, ctx, {
      action: 'DELETE',
      resourceType: 'column',
      resourceId: columnId,
      before: toColumnDto(before, 0),
    });
    await publishBoardEvent(tx, { tenantId: ctx.tenantId, boardId: before.boardId, kind: 'column.changed', columnId });
    await emitWebhookEvent(tx, ctx.tenantId, 'column.deleted', toColumnDto(before, 0));
  });
}
