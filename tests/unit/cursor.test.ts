import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, page } from '../../src/server/db/cursor';
import { AppError } from '../../src/server/errors';

function validationError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a throw');
}

describe('cursor', () => {
  it('round-trips a key', () => {
    const key = ['a0V', '2f4a8c1e-0000-4000-8000-000000000001'];
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/); // base64url: safe in a query string
    expect(decodeCursor(cursor, ['string', 'string'])).toEqual(key);
    expect(decodeCursor(encodeCursor([42]), ['number'])).toEqual([42]);
    expect(decodeCursor(encodeCursor(['2024-01-01T00:00:00.000Z', 'x']), ['string', 'string'])).toEqual([
      '2024-01-01T00:00:00.000Z',
      'x',
    ]);
  });

  it.each([
    ['not base64 JSON', '!!!'],
    ['JSON but not an array', Buffer.from('{"a":1}').toString('base64url')],
    ['wrong length', encodeCursor(['only-one'])],
    ['wrong element types', encodeCursor([1, 2])],
    ['empty', ''],
    ['truncated', encodeCursor(['a', 'b']).slice(0, 5)],
  ])('malformed (%s) → VALIDATION_FAILED on query.cursor', (_name, cursor) => {
    const error = validationError(() => decodeCursor(cursor, ['string', 'string']));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.status).toBe(422);
    expect(error.fields).toEqual([expect.objectContaining({ path: 'query.cursor' })]);
  });

  it('page() cuts at limit and points the cursor at the last row shown', () => {
    const rows = [1, 2, 3, 4].map((n) => ({ n }));
    const full = page(rows, 3, (r) => [r.n]);
    expect(full.data.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(decodeCursor(full.nextCursor!, ['number'])).toEqual([3]);
    const last = page(rows.slice(0, 3), 3, (r) => [r.n]);
    expect(last.data).toHaveLength(3);
    expect(last.nextCursor).toBeNull();
    expect(page([], 3, () => [0])).toEqual({ data: [], nextCursor: null });
  });
});
