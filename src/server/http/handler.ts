import 'server-only';
import { z } from 'zod';
import { AppError, fromDatabaseError, isAppError, type FieldError } from '../errors';
import { logger } from '../logger';
import { metrics } from '../metrics';
import { resolveTenant, resolveUser } from '../auth/principal';
import type { Endpoint } from './endpoint';
import { jsonBody } from './json-body';
import { problemResponse } from './problem';
import { requestMeta } from './request-meta';
import { assertSameOrigin, isFormContentType } from './csrf';
import { limitByIp, observe, reportServerError, tenantGuards, type RequestScope } from './observe';
import { answerOnce, idempotencyKeyOf, type Answer } from './idempotency';
import type { TenantContext, UserContext } from '../context';

const MAX_BODY_BYTES = 1_000_000;

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/** Turns an endpoint definition into a route handler: auth → validate → use case → response, errors as problem+json. */
export function handle(endpoint: Endpoint) {
  // ops: the route template (not the raw URL) labels metrics and logs.
  const route = { route: `/api/v1${endpoint.path}`, method: endpoint.method };
  return async (request: Request, routeContext?: RouteContext): Promise<Response> => {
    const meta = requestMeta(request);
    return observe(
      request,
      meta.requestId,
      route,
      (scope) => run(endpoint, request, routeContext, meta, scope),
      (error, scope) => errorResponse(error, meta.requestId, endpoint, scope),
    );
  };
}

// ops: operations that hand out credentials are limited per client IP before anything else runs.
const limitedByIp = new Set(['createApiToken', 'acceptInvitation']);

async function run(
  endpoint: Endpoint,
  request: Request,
  route: RouteContext | undefined,
  meta: ReturnType<typeof requestMeta>,
  scope: RequestScope,
): Promise<Response> {
  // CSRF: a body type an HTML form can send cross-site never reaches a use case, and a cookie-authenticated change
  // must come from our own origin. Both before anything else runs.
  if (endpoint.method !== 'GET' && isFormContentType(request.headers.get('content-type'))) throw unsupportedMediaType();
  assertSameOrigin(request, { bearerAuthenticates: endpoint.auth === 'tenant' });
  if (limitedByIp.has(endpoint.operationId)) await limitByIp(request, scope, 'tokens');
  const principal =
    endpoint.auth === 'tenant'
      ? await resolveTenant(request, meta)
      : await resolveUser(request, meta, { fresh: endpoint.freshSession === true });
  if (endpoint.auth === 'tenant') await tenantGuards(principal as TenantContext, scope, endpoint.flag);
  else scope.userId = (principal as UserContext).userId;
  const idempotencyKey = idempotencyKeyOf(request, endpoint);
  const rawBody = endpoint.body ? await readBody(request) : '';
  const input = {
    params: parse(endpoint.params, (await route?.params) ?? {}, 'params'),
    query: parse(endpoint.query, Object.fromEntries(new URL(request.url).searchParams), 'query'),
    body: endpoint.body ? parse(endpoint.body, parseJson(rawBody), 'body') : undefined,
  };
  const execute = async (): Promise<Answer> => {
    // The union of the two handler kinds is resolved by `auth` above.
    const result = await (endpoint.handler as (ctx: unknown, input: unknown) => Promise<unknown>)(principal, input);
    return serialize(endpoint, result);
  };
  if (!idempotencyKey) return toResponse(await execute());
  const { answer, replayed } = await answerOnce(
    principal as TenantContext,
    request,
    endpoint,
    idempotencyKey,
    rawBody,
    execute,
  );
  return toResponse(answer, replayed ? { 'idempotent-replayed': 'true' } : {});
}

function serialize(endpoint: Endpoint, result: unknown): Answer {
  if (!endpoint.response || endpoint.status === 204) return { status: 204, body: null };
  return { status: endpoint.status ?? 200, body: jsonBody(endpoint.response, result, endpoint.operationId) };
}

function toResponse(answer: Answer, headers: Record<string, string> = {}): Response {
  if (answer.body === null) return new Response(null, { status: answer.status, headers });
  return new Response(answer.body, {
    status: answer.status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });
}

function parse(schema: z.ZodType | undefined, value: unknown, where: 'params' | 'query' | 'body'): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields: FieldError[] = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
  // A malformed id in the path is a resource that cannot exist.
  if (where === 'params') throw new AppError('NOT_FOUND', 'No resource has this id', { fields });
  throw new AppError('VALIDATION_FAILED', `The request ${where} is invalid`, { fields });
}

const unsupportedMediaType = () => new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');

async function readBody(request: Request): Promise<string> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]*\+)?json\b/i.test(type)) throw unsupportedMediaType();
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', `Bodies are limited to ${MAX_BODY_BYTES} bytes`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', `Bodies are limited to ${MAX_BODY_BYTES} bytes`);
  return text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', 'The body is not valid JSON');
  }
}

export function errorResponse(
  error: unknown,
  requestId: string,
  endpoint?: Pick<Endpoint, 'operationId'>,
  scope?: RequestScope,
): Response {
  const known = isAppError(error) ? error : fromDatabaseError(error);
  if (known?.extra?.reason === 'pool_acquire_timeout') metrics().requestsShed.inc({ reason: 'pool_acquire_timeout' });
  if (known) return problemResponse(known, requestId, known.headers);
  if (scope) reportServerError(error, scope);
  else logger.error({ err: error, requestId, operationId: endpoint?.operationId }, 'unhandled error');
  return problemResponse(
    new AppError('INTERNAL', 'Something went wrong on our side. Quote the request id when reporting it.'),
    requestId,
  );
}
