import 'server-only';
import { AppError, errorTitle, type ErrorCode } from '../errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 body. `type` is a stable URI per code; `code` is the machine-readable key clients switch on. */
export function problemBody(error: AppError, requestId: string) {
  return {
    // Extension members first: they can add detail but never overwrite the standard members (status, type…).
    ...(error.extra ?? {}),
    type: `https://tika.dev/problems/${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: errorTitle[error.code as ErrorCode],
    status: error.status,
    code: error.code,
    detail: error.message,
    requestId,
    ...(error.fields ? { errors: error.fields } : {}),
  };
}

export function problemResponse(error: AppError, requestId: string, headers: HeadersInit = {}): Response {
  const response = new Response(JSON.stringify(problemBody(error, requestId)), {
    status: error.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'x-request-id': requestId, 'cache-control': 'no-store' },
  });
  for (const [key, value] of new Headers(headers)) response.headers.set(key, value);
  return response;
}
