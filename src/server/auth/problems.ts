import 'server-only';
import { AppError, type ErrorCode, type FieldError } from '../errors';
import { problemResponse } from '../http/problem';

// Every /api/auth/* error in the API's own format (issue #12): problem+json with one of OUR stable codes, a
// detail and the request id — never the auth library's {message, code}, whose codes are its internals (they
// change between versions, and one of them, USER_ALREADY_EXISTS…, told whether an account exists).

interface Mapping {
  code: ErrorCode;
  /** The request field the problem is about, for `errors[]` (as /api/v1 reports validation problems). */
  field?: (path: string) => string;
  detail?: string;
}

const newPasswordField = (path: string) =>
  /\/(change|reset)-password/.test(path) ? 'body.newPassword' : 'body.password';

/** better-auth's error codes → ours. Anything not listed is mapped by its HTTP status. */
const BY_AUTH_CODE: Record<string, Mapping> = {
  INVALID_EMAIL_OR_PASSWORD: { code: 'INVALID_CREDENTIALS', detail: 'That email and password do not match an account' },
  INVALID_PASSWORD: {
    code: 'VALIDATION_FAILED',
    // The two-factor endpoints confirm a change with `password`; change-password names it `currentPassword`.
    field: (path) => (/\/(two-factor\/|delete-user)/.test(path) ? 'body.password' : 'body.currentPassword'),
    detail: 'The current password is not right',
  },
  CREDENTIAL_ACCOUNT_NOT_FOUND: {
    code: 'INVALID_CREDENTIALS',
    detail: 'That email and password do not match an account',
  },
  PASSWORD_REQUIRED: {
    code: 'VALIDATION_FAILED',
    field: () => 'body.password',
    detail: 'Type your password to confirm',
  },
  PASSWORD_TOO_SHORT: { code: 'VALIDATION_FAILED', field: newPasswordField },
  PASSWORD_TOO_LONG: { code: 'VALIDATION_FAILED', field: newPasswordField },
  INVALID_EMAIL: { code: 'VALIDATION_FAILED', field: () => 'body.email' },
  VALIDATION_ERROR: { code: 'VALIDATION_FAILED' },
  BAD_REQUEST: { code: 'BAD_REQUEST' },
  UNAUTHORIZED: { code: 'UNAUTHENTICATED', detail: 'Sign in first' },
  INVALID_TOKEN: { code: 'INVALID_TOKEN', detail: 'This link is invalid or has expired; ask for a new one' },
  TOKEN_EXPIRED: { code: 'INVALID_TOKEN', detail: 'This link is invalid or has expired; ask for a new one' },
  EMAIL_NOT_VERIFIED: { code: 'EMAIL_NOT_VERIFIED', detail: 'Verify your email address first' },
  USER_ALREADY_EXISTS: { code: 'CONFLICT', detail: 'That email address cannot be used' },
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: { code: 'CONFLICT', detail: 'That email address cannot be used' },
  // The two-factor plugin (TOTP and backup codes).
  INVALID_CODE: { code: 'INVALID_TWO_FACTOR_CODE', detail: 'That code is not right' },
  INVALID_BACKUP_CODE: {
    code: 'INVALID_TWO_FACTOR_CODE',
    detail: 'That backup code is not right, or it was already used',
  },
  INVALID_TWO_FACTOR_COOKIE: {
    code: 'TWO_FACTOR_CHALLENGE_EXPIRED',
    detail: 'This sign-in took too long or was already finished; sign in again',
  },
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: {
    code: 'TWO_FACTOR_LOCKED',
    detail: 'Too many wrong codes for this sign-in; sign in again',
  },
  ACCOUNT_TEMPORARILY_LOCKED: {
    code: 'TWO_FACTOR_LOCKED',
    detail: 'Too many wrong codes: the second step of signing in is locked for 15 minutes',
  },
  TOTP_ALREADY_ENABLED: { code: 'CONFLICT', detail: 'Two-factor authentication is already on' },
  TWO_FACTOR_NOT_ENABLED: { code: 'CONFLICT', detail: 'Two-factor authentication is not on' },
  TOTP_NOT_ENABLED: { code: 'CONFLICT', detail: 'Two-factor authentication is not on' },
  SESSION_EXPIRED: { code: 'UNAUTHENTICATED', detail: 'Your session has expired; sign in again' },
  SESSION_NOT_FOUND: { code: 'NOT_FOUND', detail: 'No such session of yours: it may have ended already' },
};

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** "[body.email] Invalid email address; [body.name] Invalid input…" → one field error each. */
function validationFields(message: string): FieldError[] {
  const fields: FieldError[] = [];
  for (const part of message.split(/;\s*(?=\[)/)) {
    const match = /^\[([^\]]+)\]\s*(.*)$/.exec(part.trim());
    if (match) fields.push({ path: match[1]!, message: match[2]!, code: 'invalid' });
  }
  return fields;
}

function toAppError(status: number, body: AuthErrorBody, path: string): AppError {
  const authCode = typeof body?.code === 'string' ? body.code : '';
  const message = typeof body?.message === 'string' && body.message.trim() ? body.message.trim() : '';
  const disabled = /_(DISABLED|NOT_ENABLED)$/.test(authCode);
  const mapping: Mapping = BY_AUTH_CODE[authCode] ?? {
    code: disabled ? 'FEATURE_DISABLED' : (BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST')),
  };
  const detail = mapping.detail ?? (message || `The ${path} request failed`);
  let fields: FieldError[] | undefined;
  if (authCode === 'VALIDATION_ERROR') fields = validationFields(message);
  else if (mapping.field) fields = [{ path: mapping.field(path), message: detail, code: authCode.toLowerCase() }];
  return new AppError(mapping.code, detail, fields?.length ? { fields } : {});
}

type AuthErrorBody = { code?: unknown; message?: unknown } | null;

function parseBody(text: string): AuthErrorBody {
  try {
    const value: unknown = text ? JSON.parse(text) : null;
    return value && typeof value === 'object' ? (value as AuthErrorBody) : null;
  } catch {
    return null;
  }
}

/** Response headers of the library's answer worth keeping on the problem (cookies it cleared, rate limits). */
const KEPT_HEADERS = /^(set-cookie|retry-after|ratelimit-.*|www-authenticate)$/i;

/**
 * The auth library's error answers, rewritten as problem+json. Success and redirects pass through untouched.
 * `allowedMethods` answers which methods the path serves (empty: no such path) for the library's bare 404s.
 */
export async function authProblem(
  response: Response,
  requestId: string,
  path: string,
  method: string,
  allowedMethods: (path: string) => string[],
): Promise<Response> {
  if (response.status < 400) return response;
  const body = parseBody(await response.text().catch(() => ''));
  let error: AppError;
  const extraHeaders: [string, string][] = [];
  if (response.status === 404 && !body?.code) {
    // The library's router answers an unknown path and a wrong method alike: an empty 404.
    const allowed = allowedMethods(path);
    error = allowed.length
      ? new AppError('METHOD_NOT_ALLOWED', `${method} is not supported here; use ${allowed.join(', ')}`)
      : new AppError('NOT_FOUND', `No auth operation at ${method} ${path}`);
    if (allowed.length) extraHeaders.push(['allow', allowed.join(', ')]);
  } else {
    error = toAppError(response.status, body, path);
  }
  const problem = problemResponse(error, requestId);
  for (const cookie of response.headers.getSetCookie()) problem.headers.append('set-cookie', cookie);
  for (const [key, value] of response.headers)
    if (KEPT_HEADERS.test(key) && key.toLowerCase() !== 'set-cookie') problem.headers.set(key, value);
  for (const [key, value] of extraHeaders) problem.headers.set(key, value);
  return problem;
}
