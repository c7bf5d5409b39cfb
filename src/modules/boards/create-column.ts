import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { publishBoardEvent } from '@/server/realtime/publish';
import { toColumnDto } from './dto';
import { findBoard, insertColumns } from './repository';
import { positionAfterColumn } from './column-position';
import { emitWebhookEvent } from '@/modules/webhooks';

export async function createColumn(
  ctx: TenantContext,
  boardId: string,
  input: { name: string; wipLimit?: number | null; afterColumnId?: string | null },
) {
  assertCan(ctx.role, 'column:manage');
  return withTenant(ctx.tenantId, async (tx) => {
    // The board lock serialises column inserts and reorders on one board.
    if (!(await findBoard(tx, boardId, true))) throw notFound('Board');
    const position = await positionAfterColumn(tx, boardId, input.afterColumnId);
    const [column] = await insertColumns(tx, [
      { tenantId: ctx.tenantId, boardId, name: input.name, wipLimit: input.wipLimit ?? null, position },
    ]);
    const dto = toColumnDto(column!, 0);
    await recordAudit(tx, ctx, { action: 'CREATE', resourceType: 'column', resourceId: column!.id, after: dto });
    await publishBoardEvent(tx, { tenantId: ctx.tenantId, boardId, kind: 'column.changed', columnId: column!.id });
    await emitWebhookEvent(tx, ctx.tenantId, 'column.created', dto);
    return dto;
  });
}
