import 'server-only';
import type { Tx } from '@/server/db/tenant';
import { AppError } from '@/server/errors';
import { positionBetween } from '@/server/db/ordering';
import { adjacentPosition, findActiveInColumn } from './repository';

export interface Placement {
  afterId?: string | null;
  beforeId?: string | null;
  /** Without a neighbour: the top or (the default) the bottom of the column — one rule for the API and the UI. */
  placement?: 'top' | 'bottom';
}

/**
 * The server computes the position from one named neighbour and the row actually next to it, so a client
 * with a slightly stale view still lands the card where the user dropped it. The caller holds the column lock.
 */
export async function positionInColumn(
  tx: Tx,
  columnId: string,
  placement: Placement,
  moving?: string,
): Promise<string> {
  const anchorId = placement.afterId ?? placement.beforeId;
  if (anchorId && anchorId === moving)
    throw new AppError('VALIDATION_FAILED', 'A ticket cannot be placed next to itself', {
      fields: [{ path: 'body.afterId', message: 'Refers to the moving ticket', code: 'self_reference' }],
    });
  if (placement.afterId) {
    const after = await neighbour(tx, columnId, placement.afterId, 'afterId');
    return positionBetween(after.position, await adjacentPosition(tx, columnId, after, 'after', moving));
  }
  if (placement.beforeId) {
    const before = await neighbour(tx, columnId, placement.beforeId, 'beforeId');
    return positionBetween(await adjacentPosition(tx, columnId, before, 'before', moving), before.position);
  }
  // No neighbour named: the top when asked, else the end of the column.
  if (placement.placement === 'top')
    return positionBetween(null, await adjacentPosition(tx, columnId, null, 'after', moving));
  return positionBetween(await adjacentPosition(tx, columnId, null, 'before', moving), null);
}

async function neighbour(tx: Tx, columnId: string, ticketId: string, field: string) {
  const row = await findActiveInColumn(tx, columnId, ticketId);
  if (!row) {
    throw new AppError('CONFLICT', `The ${field} ticket is not in the target column any more; reload and retry`, {
      extra: { field: `body.${field}` },
    });
  }
  return row;
}
