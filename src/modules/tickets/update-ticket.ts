import 'server-only';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { assertAssignable, diff, lockAtVersion, staleVersion } from './guards';
import { toTicketDto } from './dto';
import { updateTicketAtVersion, type TicketRow, countCommentsOf } from './repository';
import { publishBoardEvent } from '@/server/realtime/publish';
import { emitWebhookEvent } from '@/modules/webhooks';

export interface UpdateTicketInput {
  version: number;
  title?: string;
  description?: string;
  priority?: TicketRow['priority'];
  assigneeId?: string | null;
  labels?: string[];
  dueDate?: string | null;
}

export async function updateTicket(ctx: TenantContext, ticketId: string, input: UpdateTicketInput) {
  assertCan(ctx.role, 'ticket:update');
  const { version, ...changes } = input;
  return withTenant(ctx.tenantId, async (tx) => {
    const before = await lockAtVersion(tx, ticketId, version);
    if (changes.assigneeId) await assertAssignable(tx, changes.assigneeId);
    const after = await updateTicketAtVersion(tx, ticketId, version, changes);
    if (!after) throw staleVersion(before);
    await recordAudit(tx, ctx, {
      action: 'UPDATE',
      resourceType: 'ticket',
      resourceId: ticketId,
      ...diff(before, after, Object.keys(changes)),
    });
    await publishBoardEvent(tx, {
      tenantId: ctx.tenantId,
      boardId: after.boardId,
      kind: 'ticket.updated',
      ticketId,
      version: after.version,
      columnId: after.columnId,
    });
    const dto = toTicketDto({ ...after, commentCount: await countCommentsOf(tx, ticketId) });
    await emitWebhookEvent(tx, ctx.tenantId, 'ticket.updated', dto);
    return dto;
  });
}
