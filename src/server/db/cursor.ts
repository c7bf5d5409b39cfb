import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../errors';

// Opaque keyset cursors: base64url JSON of the last row's sort key. Clients must not build them. The one format,
// in TypeScript (encodeCursor) and in SQL (cursorSql, for answers Postgres builds itself, like the board view);
// tests/integration/boards.test.ts checks the two agree.
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** encodeCursor([position, id]) in SQL: base64url (no padding) of the compact JSON array. */
export function cursorSql(position: SQL, id: SQL): SQL {
  return sql`rtrim(translate(encode(convert_to('[' || to_json(${position})::text || ',' || to_json(${id})::text || ']', 'UTF8'), 'base64'), E'+/\n', '-_'), '=')`;
}

/** A timestamptz as Date#toISOString() prints it: UTC, milliseconds (truncated, like a JS Date), "Z". */
export function isoSql(timestamp: SQL): SQL {
  return sql`to_char(${timestamp} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): (string | number)[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === shape.length && value.every((v, i) => typeof v === shape[i])) {
      return value as (string | number)[];
    }
  } catch {
    // fall through to the validation error
  }
  throw invalidCursor();
}

export function invalidCursor(): AppError {
  return new AppError('VALIDATION_FAILED', 'The cursor is not valid for this list', {
    fields: [{ path: 'query.cursor', message: 'Invalid cursor', code: 'invalid_cursor' }],
  });
}

export function page<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return { data, nextCursor: hasMore && last ? encodeCursor(keyOf(last)) : null };
}
