import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toBoardDto, toColumnDto } from './dto';
import { positionBetween } from '@/server/db/ordering';
import { insertBoard, insertColumns } from './repository';
import { emitWebhookEvent } from '@/modules/webhooks';

const DEFAULT_COLUMNS = ['To do', 'In progress', 'Done'];

export async function createBoard(
  ctx: TenantContext,
  input: { name: string; description: string; columns?: string[] },
) {
  assertCan(ctx.role, 'board:create');
  return withTenant(ctx.tenantId, async (tx) => {
    const board = await insertBoard(tx, { tenantId: ctx.tenantId, name: input.name, description: input.description });
    let position: string | null = null;
    const columnRows = (input.columns ?? DEFAULT_COLUMNS).map((name) => {
      position = positionBetween(position, null);
      return { tenantId: ctx.tenantId, boardId: board.id, name, position };
    });
    const created = await insertColumns(tx, columnRows);
    const dto = toBoardDto(board);
    await recordAudit(tx, ctx, {
      action: 'CREATE',
      resourceType: 'board',
      resourceId: board.id,
      after: { ...dto, columns: created.map((c) => c.name) },
    });
    const full = { ...dto, columns: created.map((c) => toColumnDto(c, 0)) };
    await emitWebhookEvent(tx, ctx.tenantId, 'board.created', full);
    return full;
  });
}
