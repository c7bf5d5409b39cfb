import 'server-only';
import { connection } from 'next/server';
import { AppError } from './errors';
import { env } from './env';
import { errorResponse } from './http/handler';
import { observe } from './http/observe';
import { problemResponse } from './http/problem';
import { requestIdFrom } from './http/request-meta';
import { logger } from './logger';

// Operator self-tests, present only when TIKA_DIAGNOSTICS=1 (404 otherwise): a deliberate 500 to check that error
// reporting reaches Sentry, and a slow request to rehearse a graceful shutdown. Both go through the same ops
// wrapper as the API.
type Context = { params: Promise<{ action: string }> };

export async function diagnostics(request: Request, context: Context): Promise<Response> {
  await connection();
  const requestId = requestIdFrom(request.headers);
  const { action } = await context.params;
  if (env().TIKA_DIAGNOSTICS !== '1') return problemResponse(new AppError('NOT_FOUND', 'Not found'), requestId);
  return observe(
    request,
    requestId,
    { route: '/api/diagnostics/{action}', method: request.method },
    async () => {
      if (action === 'error') throw new Error('diagnostics: a deliberate server error');
      if (action === 'slow') {
        const ms = Math.min(30_000, Math.max(0, Number(new URL(request.url).searchParams.get('ms') ?? 1000) || 0));
        // Logged when it starts, so a shutdown rehearsal (and its test) knows the request is in flight.
        logger.info({ requestId, ms }, 'diagnostics: slow request started');
        await new Promise((resolve) => setTimeout(resolve, ms));
        return Response.json({ sleptMs: ms });
      }
      throw new AppError('NOT_FOUND', 'Unknown diagnostics action');
    },
    (error, scope) => errorResponse(error, requestId, undefined, scope),
  );
}
