import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.gen';

// The browser's API client: openapi-fetch typed by the OpenAPI document (schema.gen.ts, generated in the build by
// scripts/generate-api-client.mjs). Paths, parameters, bodies and answers are checked by the compiler; a
// problem+json answer becomes an ApiError, a network failure an ApiError with status 0.

export type Schemas = components['schemas'];
export type { paths };

/** A problem+json answer, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: { path: string; message: string }[] = [],
    readonly requestId: string | null = null,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Problem = {
  code?: string;
  detail?: string;
  title?: string;
  message?: string;
  fields?: { path: string; message: string }[];
  errors?: { path: string; message: string }[];
  requestId?: string;
} & Record<string, unknown>;

/** The ApiError for a failed response and its parsed body (problem+json, or anything else). */
export function problemError(response: Response, body: unknown): ApiError {
  const problem = (body && typeof body === 'object' ? body : {}) as Problem;
  return new ApiError(
    response.status,
    problem.code ?? `HTTP_${response.status}`,
    problem.detail ?? problem.title ?? problem.message ?? `Request failed (${response.status})`,
    problem.fields ?? problem.errors ?? [],
    problem.requestId ?? response.headers.get('x-request-id'),
    problem,
  );
}

export const networkError = () =>
  new ApiError(0, 'NETWORK', 'Could not reach Tika. Check your connection and try again.');

/** Bound to one workspace (the x-tika-workspace header), or to none (/me, /workspaces, invitations). */
export function createApiClient(workspace?: string) {
  const client = createClient<paths>({
    // Absolute: a Request needs one outside a page too (tests, workers).
    baseUrl: `${typeof window === 'undefined' ? 'http://localhost' : window.location.origin}/api/v1`,
    credentials: 'same-origin',
  });
  const headers: Middleware = {
    onRequest({ request }) {
      if (workspace) request.headers.set('x-tika-workspace', workspace);
      request.headers.set('accept', 'application/json');
      return request;
    },
  };
  client.use(headers);
  return client;
}
export type ApiClient = ReturnType<typeof createApiClient>;

/** The data of a call, or its ApiError thrown: `const board = await data(api.GET('/boards/{boardId}', …))`. */
export async function data<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw networkError();
  }
  if (!result.response.ok) throw problemError(result.response, result.error);
  return result.data as T;
}

/** A human sentence for an error, for toasts and alerts. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Your session has ended. Sign in again.';
    if (error.status === 403 && /csrf|origin/i.test(`${error.code} ${error.message}`)) return csrfAdvice();
    const field = error.fields[0];
    const base = field ? `${error.message}: ${field.message}` : error.message;
    return error.status >= 500 && error.requestId ? `${base} (request id ${error.requestId})` : base;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** What to do when the server refused a request as cross-site (the page's address is not the one Tika expects). */
export function csrfAdvice(): string {
  return `Tika refused this request because this page's address (${typeof window === 'undefined' ? 'this address' : window.location.origin}) is not the address it is configured for. Open Tika at its configured address (APP_URL) and try again.`;
}
