import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { AppError } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toTicketDto } from './dto';
import { diff, lockAtVersion, staleVersion } from './guards';
import { updateTicketAtVersion, countCommentsOf } from './repository';
import { publishBoardEvent } from '@/server/realtime/publish';
import { emitWebhookEvent } from '@/modules/webhooks';

export async function archiveTicket(ctx: TenantContext, ticketId: string, version: number) {
  assertCan(ctx.role, 'ticket:archive');
  return withTenant(ctx.tenantId, async (tx) => {
    const before = await lockAtVersion(tx, ticketId, version);
    if (before.archivedAt) throw new AppError('CONFLICT', 'The ticket is already archived');
    const after = await updateTicketAtVersion(tx, ticketId, version, { archivedAt: new Date() });
    if (!after) throw staleVersion(before);
    await recordAudit(tx, ctx, {
      action: 'ARCHIVE',
      resourceType: 'ticket',
      resourceId: ticketId,
      ...diff(before, after, ['archivedAt']),
    });
    await publishBoardEvent(tx, {
      tenantId: ctx.tenantId,
      boardId: after.boardId,
      kind: 'ticket.archived',
      ticketId,
      version: after.version,
      fromColumnId: after.columnId,
    });
    const dto = toTicketDto({ ...after, commentCount: await countCommentsOf(tx, ticketId) });
    await emitWebhookEvent(tx, ctx.tenantId, 'ticket.archived', dto);
    return dto;
  });
}
