import 'server-only';
import { AppError } from '../errors';
import { problemResponse } from './problem';
import { requestIdFrom } from './request-meta';

/** True when every path segment decodes as percent-encoded UTF-8 (what the router does before it matches). */
export function isDecodablePath(pathname: string): boolean {
  try {
    for (const segment of pathname.split('/')) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * A path the router cannot decode (`%`, `%zz`, `%C0%AF`, an encoded lone surrogate) made Next answer a text/plain
 * 500 before any route ran. The API answers it as a problem instead; anything else passes through.
 */
export function malformedPathProblem(request: Request): Response | undefined {
  const { pathname } = new URL(request.url);
  if (isDecodablePath(pathname)) return undefined;
  return problemResponse(
    new AppError('BAD_REQUEST', 'The request path is not valid percent-encoded UTF-8'),
    requestIdFrom(request.headers),
  );
}
