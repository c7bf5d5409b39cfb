// One error type for the whole app. Use cases throw it; the HTTP layer turns it into problem+json.
import 'server-only';
export const errorStatus = {
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
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const errorTitle: Record<ErrorCode, string> = {
  BAD_REQUEST: 'Bad request',
  IDEMPOTENCY_UNSUPPORTED: 'Idempotency-Key not supported here',
  INVALID_TOKEN: 'Invalid or expired link',
  UNAUTHENTICATED: 'Authentication required',
  INVALID_CREDENTIALS: 'Email and password do not match',
  INVALID_TWO_FACTOR_CODE: 'Wrong two-factor code',
  TWO_FACTOR_CHALLENGE_EXPIRED: 'Two-factor sign-in expired',
  FORBIDDEN: 'Forbidden',
  FEATURE_DISABLED: 'Feature turned off',
  CROSS_ORIGIN_REJECTED: 'Cross-origin request refused',
  TWO_FACTOR_REQUIRED: 'Two-factor authentication required',
  EMAIL_NOT_VERIFIED: 'Email address not verified',
  SIGN_UP_CLOSED: 'Sign-up is closed on this server',
  SIGN_UP_DOMAIN_NOT_ALLOWED: 'Sign-up is limited to some email domains',
  NOT_FOUND: 'Not found',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  CONFLICT: 'Conflict',
  ACCOUNT_OWNS_WORKSPACES: 'The account still owns workspaces',
  VERSION_CONFLICT: 'Stale version',
  WIP_LIMIT_EXCEEDED: 'WIP limit reached',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  VALIDATION_FAILED: 'Validation failed',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency-Key reused',
  RATE_LIMITED: 'Too many requests',
  TWO_FACTOR_LOCKED: 'Two-factor sign-in locked for a while',
  INTERNAL: 'Internal server error',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  DATABASE_UNAVAILABLE: 'Database unavailable',
  MAIL_NOT_CONFIGURED: 'Mail is not set up on this server',
};

export interface FieldError {
  path: string;
  message: string;
  code: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldError[];
  readonly extra?: Record<string, unknown>;
  /** Response headers that belong with this error (Retry-After, RateLimit-*). */
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { fields?: FieldError[]; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields;
    this.extra = options.extra;
    this.headers = options.headers;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (detail = 'Your role does not allow this action') => new AppError('FORBIDDEN', detail);
export const conflict = (detail: string) => new AppError('CONFLICT', detail);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

// Postgres errors a request can legitimately cause, mapped to what the client did wrong, and a database that
// cannot be reached (restart, failover), mapped to a retryable 503. Anything else is a 500.
export function fromDatabaseError(error: unknown): AppError | undefined {
  // pg-pool's own error when no pooled connection became free within DATABASE_POOL_ACQUIRE_TIMEOUT_MS: the
  // instance is saturated, not the database down. Shed the request; another replica (or a retry) serves it.
  if (isPoolAcquireTimeout(error)) {
    return new AppError(
      'SERVICE_UNAVAILABLE',
      'The server is busy: no database connection became free in time; retry shortly',
      {
        headers: { 'Retry-After': '1' },
        extra: { reason: 'pool_acquire_timeout' },
      },
    );
  }
  if (isDatabaseUnreachable(error)) {
    return new AppError('DATABASE_UNAVAILABLE', 'The database cannot be reached right now; retry shortly', {
      headers: { 'Retry-After': '5' },
    });
  }
  const code = pgErrorCode(error);
  switch (code) {
    case '23505':
      return new AppError('CONFLICT', 'A resource with these values already exists');
    case '23503':
      // A composite tenant key failed: the referenced row does not exist in this workspace.
      return new AppError('NOT_FOUND', 'A referenced resource was not found in this workspace');
    case '23514':
    case '22P02':
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22021':
    case '54000':
      return new AppError('VALIDATION_FAILED', 'A value was rejected by the database');
    case '42501':
      return new AppError('NOT_FOUND', 'Not found');
    // lock_timeout (55P03) and statement_timeout (57014, query_canceled): the server stopped a statement that
    // waited or ran too long — overload or a stuck lock, not a bad request. 503: retrying later is right.
    case '55P03':
      return new AppError('SERVICE_UNAVAILABLE', 'The data is locked by another change right now; retry shortly', {
        headers: { 'Retry-After': '1' },
        extra: { reason: 'lock_timeout' },
      });
    case '57014':
      return new AppError('SERVICE_UNAVAILABLE', 'The database took too long to answer; retry shortly', {
        headers: { 'Retry-After': '2' },
        extra: { reason: 'statement_timeout' },
      });
    case '40001':
    case '40P01':
      return new AppError('CONFLICT', 'A concurrent change conflicted with this one; retry');
    default:
      return undefined;
  }
}

function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

// SQLSTATE class 08 (connection exception); 57P01-57P03: the server is shutting down, crashed or still starting.
const UNREACHABLE_SQLSTATE = /^(08...|57P0[1-3])$/;
// Socket errors of a connection attempt or of a connection the server dropped.
const UNREACHABLE_SOCKET = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
// node-postgres reports a connection lost mid-query or a dead pooled client by message only, without a code.
const UNREACHABLE_MESSAGE = /^(Connection terminated|Client has encountered a connection error)/;
const POOL_ACQUIRE_TIMEOUT = 'timeout exceeded when trying to connect';

/** pg-pool's queue timeout, raw (transactions) or wrapped by drizzle as the cause of "Failed query". */
function isPoolAcquireTimeout(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (current.message === POOL_ACQUIRE_TIMEOUT && !current.cause) return true;
    current = current.cause;
  }
  return false;
}

function isDatabaseUnreachable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNREACHABLE_SQLSTATE.test(code) || UNREACHABLE_SOCKET.has(code))) return true;
    if (typeof message === 'string' && UNREACHABLE_MESSAGE.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
