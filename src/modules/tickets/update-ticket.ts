import type { TenantContext } from '../../server/context';
import { withTenant, type Tx } from '../../server/db/tenant';
import { AppError, notFound } from '../../server/errors';
import { assertCan } from '../access/policy';
import { recordAudit } from '../audit/record-audit';
import { assertAssignable } from './create-ticket';
import { toTicketDto } from './dto';
import { findTicket, updateTicketAtVersion, type TicketRow } from './repository';
import { publishBoardEvent } from '../../server/realtime/publish';

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
    return toTicketDto(after);
  });
}

/** Lock the ticket and check the caller saw its latest version. */
export async function lockAtVersion(tx: Tx, ticketId: string, version: number): Promise<TicketRow> {
  const row = await findTicket(tx, ticketId, true);
  if (!row) throw notFound('Ticket');
  if (row.version !== version) throw staleVersion(row);
  return row;
}

export function staleVersion(current: TicketRow): AppError {
  return new AppError(
    'VERSION_CONFLICT',
    `The ticket changed since the version you read; it is now at version ${current.version}`,
    {
      extra: { currentVersion: current.version },
    },
  );
}

/** Only the fields that were asked to change, before and after. */
export function diff(before: TicketRow, after: TicketRow, fields: string[]) {
  const pick = (row: TicketRow) => {
    const dto = toTicketDto(row) as Record<string, unknown>;
    return Object.fromEntries([...fields, 'version'].map((field) => [field, dto[field]]));
  };
  return { before: pick(before), after: pick(after) };
}
