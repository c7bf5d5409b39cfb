import { AppError, fromDatabaseError } from '../errors';
import { limitByIp, observe, reportServerError } from '../http/observe';
import { problemResponse } from '../http/problem';
import { requestIdFrom } from '../http/request-meta';
import { isAppError } from '../errors';
import { getAuth } from './auth';

// better-auth serves /api/auth/* (sign-up, sign-in, sign-out, session). The instance is created on first use,
// after the database is open. Its own limiter is off: ours limits sign-in and sign-up per client IP, across
// replicas when the backend is Redis or Upstash.
const LIMITED = /^\/api\/auth\/(sign-in|sign-up)(\/|$)/;
const KNOWN_ROUTE = /^\/api\/auth(\/[a-z0-9-]+){1,2}$/;

async function handler(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  const route = { route: KNOWN_ROUTE.test(path) ? path : '/api/auth/*', method: request.method };
  const requestId = requestIdFrom(request.headers);
  return observe(
    request,
    requestId,
    route,
    async (scope) => {
      if (request.method === 'POST' && LIMITED.test(path)) await limitByIp(request, scope, 'auth');
      const auth = await getAuth();
      return auth.handler(request);
    },
    (error, scope) => {
      const known = isAppError(error) ? error : fromDatabaseError(error);
      if (known) return problemResponse(known, requestId, known.headers);
      reportServerError(error, scope);
      return problemResponse(new AppError('INTERNAL', 'Something went wrong on our side. Quote the request id when reporting it.'), requestId);
    },
  );
}

export const authRouteHandler = { GET: handler, POST: handler };
