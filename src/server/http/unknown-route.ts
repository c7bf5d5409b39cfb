import 'server-only';
import { AppError } from '../errors';
import { problemResponse } from './problem';
import { requestIdFrom } from './request-meta';

/** Unknown /api/v1 paths answer in the API's own error format, not with an HTML page. */
export async function unknownRoute(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  return problemResponse(
    new AppError('NOT_FOUND', `No API operation at ${request.method} ${path}`),
    requestIdFrom(request.headers),
  );
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Handlers for the methods a route file does not serve: 405 problem+json with Allow, instead of the empty 405
 * Next sends for a method a route does not export.
 */
export function refuseOtherMethods(
  served: Partial<Record<Method, unknown>>,
): Record<Method, (request: Request) => Promise<Response>> {
  const allow = METHODS.filter((method) => served[method]).join(', ');
  const refuse = async (request: Request) =>
    problemResponse(
      new AppError('METHOD_NOT_ALLOWED', `${request.method} is not supported here; use ${allow}`),
      requestIdFrom(request.headers),
      { allow },
    );
  return Object.fromEntries(METHODS.map((method) => [method, refuse])) as Record<Method, typeof refuse>;
}
