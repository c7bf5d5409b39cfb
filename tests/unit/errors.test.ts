import { describe, expect, it } from 'vitest';
import {
  AppError,
  conflict,
  errorStatus,
  errorTitle,
  forbidden,
  fromDatabaseError,
  isAppError,
  notFound,
} from '../../src/server/errors';

describe('error codes → HTTP status', () => {
  const table = {
    BAD_REQUEST: 400,
    IDEMPOTENCY_UNSUPPORTED: 400,
    INVALID_TOKEN: 400,
    UNAUTHENTICATED: 401,
    INVALID_CREDENTIALS: 401,
    INVALID_TWO_FACTOR_CODE: 401,
    TWO_FACTOR_CHALLENGE_EXPIRED: 401,
    FORBIDDEN: 403,
    FEATURE_DISABLED: 403,
    CROSS_ORIGIN_REJECTED: 403,
    TWO_FACTOR_REQUIRED: 403,
    EMAIL_NOT_VERIFIED: 403,
    SIGN_UP_CLOSED: 403,
    SIGN_UP_DOMAIN_NOT_ALLOWED: 403,
    NOT_FOUND: 404,
    METHOD_NOT_ALLOWED: 405,
    CONFLICT: 409,
    ACCOUNT_OWNS_WORKSPACES: 409,
    VERSION_CONFLICT: 409,
    WIP_LIMIT_EXCEEDED: 409,
    PAYLOAD_TOO_LARGE: 413,
    UNSUPPORTED_MEDIA_TYPE: 415,
    VALIDATION_FAILED: 422,
    IDEMPOTENCY_KEY_REUSED: 422,
    RATE_LIMITED: 429,
    TWO_FACTOR_LOCKED: 429,
    INTERNAL: 500,
    SERVICE_UNAVAILABLE: 503,
    DATABASE_UNAVAILABLE: 503,
    MAIL_NOT_CONFIGURED: 503,
  };

  it('is exactly the documented table', () => {
    expect({ ...errorStatus }).toEqual(table);
  });

  it.each(Object.entries(table))('%s → %i, with a title', (code, status) => {
    const error = new AppError(code as keyof typeof table, 'detail');
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.message).toBe('detail');
    expect(errorTitle[code as keyof typeof table]).toMatch(/\S/);
    expect(isAppError(error)).toBe(true);
  });

  it('helpers build the right codes', () => {
    expect(notFound('Board')).toMatchObject({ code: 'NOT_FOUND', message: 'Board not found', status: 404 });
    expect(forbidden()).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(conflict('x')).toMatchObject({ code: 'CONFLICT', message: 'x', status: 409 });
    expect(isAppError(new Error('plain'))).toBe(false);
    expect(isAppError({ code: 'NOT_FOUND' })).toBe(false);
  });

  it('carries fields and extra', () => {
    const error = new AppError('VALIDATION_FAILED', 'bad', {
      fields: [{ path: 'body.title', message: 'm', code: 'c' }],
      extra: { a: 1 },
    });
    expect(error.fields).toEqual([{ path: 'body.title', message: 'm', code: 'c' }]);
    expect(error.extra).toEqual({ a: 1 });
  });
});

describe('fromDatabaseError', () => {
  const pg = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

  it.each([
    ['23505', 'CONFLICT'], // unique_violation
    ['23503', 'NOT_FOUND'], // foreign_key_violation (composite tenant key)
    ['23514', 'VALIDATION_FAILED'], // check_violation
    ['22P02', 'VALIDATION_FAILED'], // invalid_text_representation
    ['22001', 'VALIDATION_FAILED'], // string_data_right_truncation
    ['22003', 'VALIDATION_FAILED'], // numeric_value_out_of_range
    ['22007', 'VALIDATION_FAILED'], // invalid_datetime_format
    ['22008', 'VALIDATION_FAILED'], // datetime_field_overflow
    ['42501', 'NOT_FOUND'], // insufficient_privilege: RLS refusal reads as absent
    ['40001', 'CONFLICT'], // serialization_failure
    ['40P01', 'CONFLICT'], // deadlock_detected
  ])('SQLSTATE %s → %s', (code, expected) => {
    const mapped = fromDatabaseError(pg(code));
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped!.code).toBe(expected);
  });

  it('never echoes the database message', () => {
    const mapped = fromDatabaseError(
      Object.assign(new Error('duplicate key value violates unique constraint "secret_idx"'), { code: '23505' }),
    );
    expect(mapped!.message).not.toContain('secret_idx');
  });

  it('finds the code on a nested cause (drivers wrap errors)', () => {
    const wrapped = new Error('Failed query', { cause: pg('23505') });
    expect(fromDatabaseError(wrapped)?.code).toBe('CONFLICT');
    const deeper = new Error('outer', { cause: new Error('middle', { cause: pg('40P01') }) });
    expect(fromDatabaseError(deeper)?.code).toBe('CONFLICT');
  });

  it('stops after a few levels of nesting', () => {
    let error: Error = pg('23505');
    for (let i = 0; i < 6; i++) error = new Error(`level ${i}`, { cause: error });
    expect(fromDatabaseError(error)).toBeUndefined();
  });

  // A restart or failover: retryable 503 with a stable code and Retry-After, not a 500.
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a reset socket', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['admin_shutdown (57P01)', pg('57P01')],
    ['crash_shutdown (57P02)', pg('57P02')],
    ['cannot_connect_now (57P03)', pg('57P03')],
    ['connection_failure (08006)', pg('08006')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a dead pooled client', new Error('Client has encountered a connection error and is not queryable')],
    ['a new connection timing out', new Error('Connection terminated due to connection timeout')],
    [
      'a wrapped refusal',
      new Error('Failed query: select 1', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      }),
    ],
  ])('%s → DATABASE_UNAVAILABLE (503, Retry-After)', (_name, error) => {
    const mapped = fromDatabaseError(error);
    expect(mapped?.code).toBe('DATABASE_UNAVAILABLE');
    expect(mapped?.status).toBe(503);
    expect(mapped?.headers?.['Retry-After']).toBe('5');
    expect(mapped?.message).not.toMatch(/127\.0\.0\.1|ECONN/);
  });

  it.each([
    ['raw, from a transaction', new Error('timeout exceeded when trying to connect')],
    [
      'wrapped by drizzle',
      new Error('Failed query: select 1', { cause: new Error('timeout exceeded when trying to connect') }),
    ],
  ])('no pooled connection in time (%s) → SERVICE_UNAVAILABLE, shed with Retry-After 1', (_name, error) => {
    const mapped = fromDatabaseError(error);
    expect(mapped).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      status: 503,
      extra: { reason: 'pool_acquire_timeout' },
    });
    expect(mapped?.headers?.['Retry-After']).toBe('1');
  });

  it.each([
    ['55P03', 'lock_timeout'],
    ['57014', 'statement_timeout'],
  ])('SQLSTATE %s → SERVICE_UNAVAILABLE (%s), not a 500', (code, reason) => {
    const mapped = fromDatabaseError(Object.assign(new Error('canceling statement'), { code }));
    expect(mapped).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503, extra: { reason } });
    expect(mapped?.headers?.['Retry-After']).toBeDefined();
  });

  it.each([
    ['an unknown SQLSTATE', pg('XX000')],
    ['a non-SQLSTATE code', Object.assign(new Error('x'), { code: 'ENOENT' })],
    ['a numeric code', Object.assign(new Error('x'), { code: 23505 })],
    ['a plain error', new Error('boom')],
    ['a string', 'boom'],
    ['null', null],
    ['undefined', undefined],
  ])('%s → undefined (a 500)', (_name, error) => {
    expect(fromDatabaseError(error)).toBeUndefined();
  });
});
