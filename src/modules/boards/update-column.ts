import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { AppError, notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { publishBoardEvent } from '@/server/realtime/publish';
import { countTicketsInColumn } from '@/modules/tickets';
import { toColumnDto } from './dto';
import { findBoard, findColumn, updateColumn as saveColumn } from './repository';
import { positionAfterColumn } from './column-position';
import { emitWebhookEvent } from '@/modules/webhooks';

export async function updateColumn(
  ctx: TenantContext,
  columnId: string,
  input: { name?: string; wipLimit?: number | null; afterColumnId?: string | null },
) {
  assertCan(ctx.role, 'column:manage');
  return withTenant(ctx.tenantId, async (tx) => {
    const current = await findColumn(tx, columnId);
    if (!current) throw notFound('Column');
    await findBoard(tx, current.boardId, true);
    const before = (await findColumn(tx, columnId, true))!;
    const { afterColumnId, ...fields } = input;
    if (afterColumnId === columnId)
      throw new AppError('VALIDATION_FAILED', 'A column cannot be placed after itself', {
        fields: [{ path: 'body.afterColumnId', message: 'Refers to this column', code: 'self_reference' }],
      });
    const position =
      afterColumnId === undefined ? undefined : await positionAfterColumn(tx, before.boardId, afterColumnId);
    const after = await saveColumn(tx, columnId, { ...fields, ...(position ? { position } : {}) });
    const count = await countTicketsInColumn(tx, columnId);
    await recordAudit(tx, ctx, {
      action: 'UPDATE',
      resourceType: 'column',
      resourceId: columnId,
      before: toColumnDto(before, count),
      after: toColumnDto(after, count),
    });
    await publishBoardEvent(tx, { tenantId: ctx.tenantId, boardId: before.boardId, kind: 'column.changed', columnId });
    await emitWebhookEvent(tx, ctx.tenantId, 'column.updated', toColumnDto(after, count));
    return toColumnDto(after, count);
  });
}
