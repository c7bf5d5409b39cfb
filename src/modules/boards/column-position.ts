import 'server-only';
import { type Tx } from '@/server/db/tenant';
import { AppError } from '@/server/errors';
import { positionBetween } from '@/server/db/ordering';
import { findColumn, lastColumnPosition, nextColumnPosition } from './repository';

/** The position for a column placed after `afterColumnId` (null = first, undefined = last). */
export async function positionAfterColumn(
  tx: Tx,
  boardId: string,
  afterColumnId: string | null | undefined,
): Promise<string> {
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
