import 'server-only';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { errorStatus } from '../server/errors';
import type { Endpoint } from '../server/http/endpoint';
import { honoursIdempotencyKey } from '../server/http/idempotency-key';
import { API_V1_PREFIX, apiV1 } from './v1';
import packageJson from '../../package.json' with { type: 'json' };

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(Object.keys(errorStatus) as [keyof typeof errorStatus, ...(keyof typeof errorStatus)[]]),
    detail: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/)
    .optional()
    .meta({
      description:
        'Send a fresh key (e.g. a UUID) per request and the same key when retrying it: the request runs once, and a retry within 24 hours replays its answer with `Idempotent-Replayed: true`. The same key with a different request answers 422 IDEMPOTENCY_KEY_REUSED.',
    }),
});

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

const extraErrorDescriptions: Record<number, string> = {
  403: 'Not allowed for you',
  404: 'Not found',
  409: 'Conflict with the current state',
};

function commonErrors(endpoint: Endpoint) {
  const responses: Record<string, ReturnType<typeof problem>> = {
    '401': problem('Not signed in, or the token is unknown, expired or revoked'),
    '429': problem('Rate limited'),
    '500': problem('Server error; the body carries a request id'),
  };
  if (endpoint.auth === 'tenant') {
    responses['403'] = problem('Your role does not allow this');
    responses['404'] = problem('Not found — also what another workspace’s resources look like');
  }
  if (endpoint.body || endpoint.query || honoursIdempotencyKey(endpoint))
    responses['422'] = problem('Validation failed; `errors` lists field paths');
  // Every POST may answer 400 IDEMPOTENCY_UNSUPPORTED (an Idempotency-Key where no replay is possible).
  if (endpoint.method === 'POST')
    responses['400'] = problem(
      'Bad request: the body is not JSON, or an Idempotency-Key was sent where it is not supported',
    );
  if (endpoint.body) {
    responses['400'] ??= problem('The body is not JSON');
    responses['413'] = problem('The body is too large');
    responses['415'] = problem('The body is not application/json');
  }
  if (['POST', 'PATCH', 'PUT', 'DELETE'].includes(endpoint.method))
    responses['409'] = problem('Conflict: stale version, WIP limit, or state');
  // Statuses an operation answers beyond the common ones (e.g. a session-only endpoint that still 403s or 404s).
  for (const status of endpoint.errors ?? [])
    responses[String(status)] ??= problem(extraErrorDescriptions[status] ?? 'See `code` and `detail`');
  return responses;
}

export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A workspace API token (tika_…)',
  });
  registry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'better-auth.session_token',
    description: 'Browser session. Choose the workspace with the x-tika-workspace header (id or slug).',
  });
  for (const endpoint of apiV1) {
    const status = String(endpoint.status ?? 200);
    registry.registerPath({
      method: endpoint.method.toLowerCase() as 'get',
      path: endpoint.path,
      operationId: endpoint.operationId,
      summary: endpoint.summary,
      tags: [endpoint.tag],
      security: endpoint.auth === 'tenant' ? [{ bearerAuth: [] }, { sessionCookie: [] }] : [{ sessionCookie: [] }],
      ...(endpoint.permission ? { 'x-permission': endpoint.permission } : {}),
      request: {
        params: endpoint.params,
        query: endpoint.query,
        headers: honoursIdempotencyKey(endpoint) ? idempotencyHeaders : undefined,
        body: endpoint.body
          ? { required: true, content: { 'application/json': { schema: endpoint.body } } }
          : undefined,
      },
      responses: {
        [status]:
          endpoint.response && status !== '204'
            ? { description: 'OK', content: { 'application/json': { schema: endpoint.response } } }
            : { description: 'No content' },
        ...commonErrors(endpoint),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Tika API',
      version: packageJson.version,
      description: 'The tenant REST API. Errors are RFC 9457 problem+json with a stable `code` and a `requestId`.',
    },
    servers: [{ url: API_V1_PREFIX }],
  });
}

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;
export function openApiDocument() {
  cached ??= buildOpenApiDocument();
  return cached;
}
