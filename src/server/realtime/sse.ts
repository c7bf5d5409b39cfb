import 'server-only';
import { resolveTenant } from '../auth/principal';
import type { TenantContext } from '../context';
import { env } from '../env';
import { AppError, isAppError } from '../errors';
import { errorResponse } from '../http/handler';
import { observe, tenantGuards, type RequestScope } from '../http/observe';
import { requestMeta } from '../http/request-meta';
import { logger } from '../logger';
import type { BoardEvent } from './events';
import { subscribeBoardEvents } from './hub';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEARTBEAT_MS = 20_000;
/** Membership and sessions are checked again this often: a removed member stops hearing the board. */
const REAUTH_MS = 60_000;
/** A re-check that failed for another reason than access (the database is away) is tried again this soon. */
const REAUTH_RETRY_MS = 5_000;
const ROUTE = { route: '/api/v1/boards/{boardId}/events', method: 'GET' };

type RouteContext = { params: Promise<Record<string, string | string[]>> };
/** Resolves when the caller may read this board; throws (404 for a foreign or missing board) otherwise. */
export type BoardReadCheck = (ctx: TenantContext, boardId: string) => Promise<void>;

// Open streams per workspace in this process (the per-workspace connection limit).
const streamsKey = Symbol.for('tika.realtime.streams');
const openStreams: Map<string, number> = ((globalThis as { [streamsKey]?: Map<string, number> })[streamsKey] ??=
  new Map<string, number>());

/** An answer that means the caller may no longer read this board (as opposed to the database being away). */
function isAccessLoss(error: unknown): boolean {
  return (
    (isAppError(error) && ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'].includes(error.code)) ||
    (error instanceof Error && error.message === 'tenant changed')
  );
}

/**
 * GET /api/v1/boards/{boardId}/events — Server-Sent Events for one board. Authenticated exactly like the API
 * (session + x-tika-workspace header / tika_workspace cookie, or a bearer token); only events of the caller's own
 * tenant AND this board are forwarded. It goes through the same wrapper as every API request (request log line,
 * metrics, the plan's rate limit) plus a per-workspace limit of open streams. 503 when the deployment cannot
 * stream (Neon): the client then polls. Whether the caller may read the board is the boards module's rule: the
 * composition root passes it in (src/api/board-events.ts), because infrastructure never imports modules.
 *
 * Never silently stale: after the server's LISTEN connection comes back (events may have been lost) every stream
 * gets `event: resync` and the client refetches; a periodic access re-check that fails because the database is
 * away is retried, and only a real loss of access closes the stream (`event: closed`).
 */
export function boardEventsRoute(assertBoardReadable: BoardReadCheck) {
  return async (request: Request, route: RouteContext): Promise<Response> => {
    const meta = requestMeta(request);
    return observe(
      request,
      meta.requestId,
      ROUTE,
      (scope) => openStream(assertBoardReadable, request, route, meta, scope),
      (error) => errorResponse(error, meta.requestId),
    );
  };
}

async function openStream(
  assertBoardReadable: BoardReadCheck,
  request: Request,
  route: RouteContext,
  meta: ReturnType<typeof requestMeta>,
  scope: RequestScope,
): Promise<Response> {
  const boardId = String((await route.params).boardId ?? '');
  if (!UUID.test(boardId)) throw new AppError('NOT_FOUND', 'No resource has this id');
  // EventSource cannot send headers: the workspace may also come as ?workspace=, which only chooses among the
  // caller's own memberships, like the header does.
  const ctx: TenantContext = await resolveTenant(withWorkspaceFromQuery(request), meta);
  await tenantGuards(ctx, scope);
  await assertBoardReadable(ctx, boardId);
  const limit = env().REALTIME_MAX_STREAMS_PER_WORKSPACE;
  if ((openStreams.get(ctx.tenantId) ?? 0) >= limit) {
    throw new AppError('RATE_LIMITED', `This workspace has ${limit} live board streams open already; retry later`, {
      headers: { 'Retry-After': '30' },
      extra: { reason: 'streams_per_workspace' },
    });
  }

  const encoder = new TextEncoder();
  const opened = performance.now();
  let closed = false;
  let counted = false;
  let timers: ReturnType<typeof setTimeout>[] = [];
  let sequence = 0;
  let unsubscribe: (() => void) | null = null;
  let closeReason = 'client';
  const cleanup = () => {
    if (closed) return;
    closed = true;
    for (const timer of timers) clearTimeout(timer);
    timers = [];
    unsubscribe?.();
    if (counted) {
      const left = (openStreams.get(ctx.tenantId) ?? 1) - 1;
      if (left > 0) openStreams.set(ctx.tenantId, left);
      else openStreams.delete(ctx.tenantId);
    }
    if (logger.isLevelEnabled('info'))
      logger.info(
        {
          requestId: meta.requestId,
          tenantId: ctx.tenantId,
          route: ROUTE.route,
          boardId,
          reason: closeReason,
          durationMs: Math.round(performance.now() - opened),
        },
        'stream closed',
      );
  };

  let send: (chunk: string) => void = () => undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      send = (chunk) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup();
        }
      };
      const close = (reason: string) => {
        if (closed) return;
        closeReason = reason;
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener('abort', () => close('client'));
      const heartbeat = () => {
        send(': ping\n\n');
        timers.push(setTimeout(heartbeat, HEARTBEAT_MS));
      };
      timers.push(setTimeout(heartbeat, HEARTBEAT_MS));
      const recheck = () => {
        if (closed) return;
        resolveTenant(withWorkspaceFromQuery(request), meta)
          .then((fresh) =>
            fresh.tenantId === ctx.tenantId
              ? assertBoardReadable(fresh, boardId)
              : Promise.reject(new Error('tenant changed')),
          )
          .then(
            () => timers.push(setTimeout(recheck, REAUTH_MS)),
            (error: unknown) => {
              if (isAccessLoss(error)) {
                send('event: closed\ndata: {"reason":"access"}\n\n');
                close('access');
                return;
              }
              // The database (or the auth store) did not answer: keep the stream and ask again soon.
              logger.warn(
                { requestId: meta.requestId, err: { message: error instanceof Error ? error.message : String(error) } },
                'stream access re-check failed; retrying',
              );
              timers.push(setTimeout(recheck, REAUTH_RETRY_MS));
            },
          );
      };
      timers.push(setTimeout(recheck, REAUTH_MS));
    },
    cancel() {
      cleanup();
    },
  });

  unsubscribe = await subscribeBoardEvents(
    (event: BoardEvent) => {
      // The one filter that matters: another tenant's (or board's) events never reach this stream.
      // A workspace-wide event (boardId '*', e.g. a label colour) reaches every board of that workspace only.
      if (event.tenantId !== ctx.tenantId || (event.boardId !== boardId && event.boardId !== '*')) return;
      const { tenantId: _tenant, ...visible } = event;
      send(`id: ${++sequence}\nevent: board\ndata: ${JSON.stringify(visible)}\n\n`);
    },
    () => send(`event: resync\ndata: {"boardId":"${boardId}"}\n\n`),
  ).catch((error: unknown) => {
    // LISTEN could not start (the database is down or refused): the client polls, and the operator hears of it.
    logger.error({ err: error, requestId: meta.requestId }, 'live updates unavailable: could not subscribe');
    return null;
  });
  if (!unsubscribe) {
    cleanup();
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      'Live updates are not available on this deployment; poll the board instead',
    );
  }
  if (closed) unsubscribe();
  else {
    openStreams.set(ctx.tenantId, (openStreams.get(ctx.tenantId) ?? 0) + 1);
    counted = true;
  }
  // A reconnecting client refetches the board on "ready", so nothing missed while it was away stays missing.
  send(`retry: 3000\nevent: ready\ndata: {"boardId":"${boardId}"}\n\n`);
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}

function withWorkspaceFromQuery(request: Request): Request {
  const workspace = new URL(request.url).searchParams.get('workspace');
  if (!workspace || request.headers.has('x-tika-workspace')) return request;
  const headers = new Headers(request.headers);
  headers.set('x-tika-workspace', workspace);
  return new Request(request.url, { method: 'GET', headers });
}
