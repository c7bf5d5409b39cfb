import 'server-only';
import type { TenantContext } from '@/server/context';
import { actorUserId } from '@/server/context';
import { afterCommit, withTenant } from '@/server/db/tenant';
import { notFound } from '@/server/errors';
import { metrics } from '@/server/metrics';
import { assertCan } from '@/modules/access';
import { recordAudit } from '@/modules/audit';
import { toTicketDto } from './dto';
import { positionInColumn, type Placement } from './placement';
import { assertAssignable, assertWipRoom } from './guards';
import { findColumn, insertTicket, type TicketRow } from './repository';
import { publishBoardEvent } from '@/server/realtime/publish';
import { emitWebhookEvent } from '@/modules/webhooks';

export interface CreateTicketInput extends Placement {
  columnId: string;
  title: string;
  description: string;
  priority: TicketRow['priority'];
  assigneeId?: string | null;
  labels: string[];
  dueDate?: string | null;
}

export async function createTicket(ctx: TenantContext, input: CreateTicketInput) {
  assertCan(ctx.role, 'ticket:create');
  const created = await withTenant(ctx.tenantId, async (tx) => {
    // Locking the column serialises every insert and move into it: positions never collide, WIP counts hold.
    const column = await findColumn(tx, input.columnId, true);
    if (!column) throw notFound('Column');
    await assertWipRoom(tx, column);
    if (input.assigneeId) await assertAssignable(tx, input.assigneeId);
    const row = await insertTicket(tx, {
      tenantId: ctx.tenantId,
      boardId: column.boardId,
      columnId: column.id,
      title: input.title,
      description: input.description,
      priority: input.priority,
      assigneeId: input.assigneeId ?? null,
      labels: input.labels,
      dueDate: input.dueDate ?? null,
      position: await positionInColumn(tx, column.id, input),
      createdBy: actorUserId(ctx),
    });
    const dto = toTicketDto({ ...row, commentCount: 0 });
    await recordAudit(tx, ctx, { action: 'CREATE', resourceType: 'ticket', resourceId: row.id, after: dto });
    await emitWebhookEvent(tx, ctx.tenantId, 'ticket.created', dto);
    await publishBoardEvent(tx, {
      tenantId: ctx.tenantId,
      boardId: row.boardId,
      kind: 'ticket.created',
      ticketId: row.id,
      version: row.version,
      columnId: row.columnId,
    });
    afterCommit(() => metrics().ticketsCreated.inc()); // only tickets that exist are counted
    return dto;
  });
  return created;
}
