import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toBoardDto } from './dto';
import { deleteBoard as removeBoard, findBoard } from './repository';
import { publishBoardEvent } from '@/server/realtime/publish';
import { emitWebhookEvent } from '@/modules/webhooks';

export async function deleteBoard(ctx: TenantContext, boardId: string) {
  assertCan(ctx.role, 'board:delete');
  await withTenant(ctx.tenantId, async (tx) => {
    const before = await findBoard(tx, boardId, true);
    if (!before) throw notFound('Board');
    await removeBoard(tx, boardId);
    await recordAudit(tx, ctx, {
      action: 'DELETE',
      resourceType: 'board',
      resourceId: boardId,
      before: toBoardDto(before),
    });
    await publishBoardEvent(tx, { tenantId: ctx.tenantId, boardId, kind: 'board.deleted' });
    await emitWebhookEvent(tx, ctx.tenantId, 'board.deleted', toBoardDto(before));
  });
}
