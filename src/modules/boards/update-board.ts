import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { notFound } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toBoardDto } from './dto';
import { findBoard, updateBoard as saveBoard } from './repository';
import { publishBoardEvent } from '@/server/realtime/publish';
import { emitWebhookEvent } from '@/modules/webhooks';

export async function updateBoard(
  ctx: TenantContext,
  boardId: string,
  input: { name?: string; description?: string; archived?: boolean },
) {
  const { archived, ...fields } = input;
  assertCan(ctx.role, 'board:update');
  return withTenant(ctx.tenantId, async (tx) => {
    const before = await findBoard(tx, boardId, true);
    if (!before) throw notFound('Board');
    const changes = {
      ...fields,
      ...(archived === undefined ? {} : { archivedAt: archived ? (before.archivedAt ?? new Date()) : null }),
    };
    const after = await saveBoard(tx, boardId, changes);
    const action =
      archived === true && !before.archivedAt
        ? 'ARCHIVE'
        : archived === false && before.archivedAt
          ? 'RESTORE'
          : 'UPDATE';
    await recordAudit(tx, ctx, {
      action,
      resourceType: 'board',
      resourceId: boardId,
      before: toBoardDto(before),
      after: toBoardDto(after),
    });
    await publishBoardEvent(tx, { tenantId: ctx.tenantId, boardId, kind: 'board.updated' });
    await emitWebhookEvent(tx, ctx.tenantId, 'board.updated', toBoardDto(after));
    return toBoardDto(after);
  });
}
