import { AppError } from '../errors';
import { problemResponse } from './problem';
import { requestIdFrom } from './request-meta';

/** Unknown /api/v1 paths answer in the API's own error format, not with an HTML page. */
export async function unknownRoute(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  return problemResponse(new AppError('NOT_FOUND', `No API operation at ${request.method} ${path}`), requestIdFrom(request.headers));
}
