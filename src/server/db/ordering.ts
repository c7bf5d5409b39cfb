import 'server-only';
import { generateKeyBetween } from 'fractional-indexing';
import { AppError } from '../errors';

/**
 * The order key between two neighbours (null = open end). Keys compare as bytes, which is why the position
 * columns use COLLATE "C". Neighbours out of order mean the client's view was stale.
 */
export function positionBetween(lower: string | null, upper: string | null): string {
  if (lower !== null && upper !== null && lower >= upper) {
    throw new AppError('CONFLICT', 'The neighbours given are not in order any more; reload and retry');
  }
  return generateKeyBetween(lower, upper);
}
