import 'server-only';
import type { Tx } from '@/server/db/tenant';
import { AppError, notFound } from '@/server/errors';
import type { Role } from '@/shared/permissions';
import { memberRole } from '@/modules/members';
import { toTicketDto } from './dto';
import { countTicketsInColumn, findTicket, type ColumnRow, type TicketRow } from './repository';

// Checks shared by the ticket use cases (create, update, move, archive/restore). Each runs inside the caller's
// tenant transaction and throws the AppError the API answers with.

export async function assertWipRoom(tx: Tx, column: ColumnRow): Promise<void> {
  if (column.wipLimit == null) return;
  const active = await countTicketsInColumn(tx, column.id);
  if (active >= column.wipLimit) {
    throw new AppError('WIP_LIMIT_EXCEEDED', `"${column.name}" is at its WIP limit of ${column.wipLimit}`, {
      extra: { columnId: column.id, wipLimit: column.wipLimit },
    });
  }
}

export async function assertAssignable(tx: Tx, userId: string): Promise<Role> {
  const role = await memberRole(tx, userId);
  if (!role) {
    throw new AppError('VALIDATION_FAILED', 'The assignee must be a member of this workspace', {
      fields: [{ path: 'body.assigneeId', message: 'Not a member of this workspace', code: 'not_a_member' }],
    });
  }
  return role;
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
    // The comment count is never one of the fields a ticket update changes.
    const dto = toTicketDto({ ...row, commentCount: 0 }) as Record<string, unknown>;
    return Object.fromEntries([...fields, 'version'].map((field) => [field, dto[field]]));
  };
  return { before: pick(before), after: pick(after) };
}
