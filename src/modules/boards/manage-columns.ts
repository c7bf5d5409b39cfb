import type { TenantContext } from '../../server/context';
import { withTenant, type Tx } from '../../server/db/tenant';
import { AppError, notFound } from '../../server/errors';
import { assertCan } from '../access/policy';
import { recordAudit } from '../audit/record-audit';
import { publishBoardEvent } from '../../server/realtime/publish';
import { toColumnDto } from './dto';
import { positionBetween } from './ordering';
import {
  countTicketsInColumn,
  deleteColumn as removeColumn,
  findBoard,
  findColumn,
  insertColumns,
  lastColumnPosition,
  nextColumnPosition,
  updateColumn as saveColumn,
} from './repository';

async function positionAfterColumn(tx: Tx, boardId: string, afterColumnId: string | null | undefined): Promise<string> {
  if (afterColumnId === undefined) return positionBetween(await lastColumnPosition(tx, boardId), null);
  if (afterColumnId === null) return positionBetween(null, await nextColumnPosition(tx, boardId, null));
  const after = await findColumn(tx, afterColumnId);
  if (!after || after.boardId !== boardId) {
    throw new AppError('VALIDATION_FAILED', 'afterColumnId must be a column of the same board', {
      fields: [{ path: 'body.afterColumnId', message: 'Not a column of this board', code: 'not_found' }],
    });
  }
  return positionBetween(after.position, await nextColumnPosition(tx, boardId, after.position));
}

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
    return dto;
  });
}

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
    return toColumnDto(after, count);
  });
}

/** Only an empty column can go: deleting cards as a side effect of tidying columns loses work. */
export async function deleteColumn(ctx: TenantContext, columnId: string) {
  assertCan(ctx.role, 'column:manage');
  await withTenant(ctx.tenantId, async (tx) => {
    const before = await findColumn(tx, columnId, true);
    if (!before) throw notFound('Column');
    const remaining = await countTicketsInColumn(tx, columnId, true);
    if (remaining > 0)
      throw new AppError('CONFLICT', `Move or delete the ${remaining} ticket(s) in "${before.name}" first`, {
        extra: { ticketCount: remaining },
      });
    await removeColumn(tx, columnId);
    await recordAudit(tx, ctx, {
      action: 'DELETE',
      resourceType: 'column',
      resourceId: columnId,
      before: toColumnDto(before, 0),
    });
    await publishBoardEvent(tx, { tenantId: ctx.tenantId, boardId: before.boardId, kind: 'column.changed', columnId });
  });
}
