import { resolveTenant } from '../auth/principal';
import type { TenantContext } from '../context';
import { AppError } from '../errors';
import { errorResponse } from '../http/handler';
import { requestMeta } from '../http/request-meta';
import type { BoardEvent } from './events';
import { subscribeBoardEvents } from './hub';
import { logger } from '../logger';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEARTBEAT_MS = 20_000;
/** Membership and sessions are checked again this often: a removed member stops hearing the board. */
const REAUTH_MS = 60_000;

type RouteContext = { params: Promise<Record<string, string | string[]>> };
/** Resolves when the caller may read this board; throws (404 for a foreign or missing board) otherwise. */
export type BoardReadCheck = (ctx: TenantContext, boardId: string) => Promise<void>;

/**
 * GET /api/v1/boards/{boardId}/events — Server-Sent Events for one board. Authenticated exactly like the API
 * (session + x-tika-workspace header / tika_workspace cookie, or a bearer token); only events of the caller's own
 * tenant AND this board are forwarded. 503 when the deployment cannot stream (Neon): the client then polls.
 * Whether the caller may read the board is the boards module's rule: the composition root passes it in
 * (src/api/board-events.ts), because infrastructure never imports modules.
 */
export function boardEventsRoute(assertBoardReadable: BoardReadCheck) {
  return (request: Request, route: RouteContext) => streamBoardEvents(assertBoardReadable, request, route);
}

async function streamBoardEvents(
  assertBoardReadable: BoardReadCheck,
  request: Request,
  route: RouteContext,
): Promise<Response> {
  const meta = requestMeta(request);
  let ctx: TenantContext;
  let unsubscribe: (() => void) | null = null;
  const boardId = String((await route.params).boardId ?? '');
  try {
    if (!UUID.test(boardId)) throw new AppError('NOT_FOUND', 'No resource has this id');
    // EventSource cannot send headers: the workspace may also come as ?workspace=, which only chooses among the
    // caller's own memberships, like the header does.
    ctx = await resolveTenant(withWorkspaceFromQuery(request), meta);
    await assertBoardReadable(ctx, boardId);
  } catch (error) {
    return withRequestId(errorResponse(error, meta.requestId), meta.requestId);
  }

  const encoder = new TextEncoder();
  let closed = false;
  let timers: ReturnType<typeof setInterval>[] = [];
  let sequence = 0;
  const cleanup = () => {
    closed = true;
    for (const timer of timers) clearInterval(timer);
    timers = [];
    unsubscribe?.();
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
      const close = () => {
        if (closed) return;
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener('abort', close);
      timers.push(setInterval(() => send(': ping\n\n'), HEARTBEAT_MS));
      timers.push(
        setInterval(() => {
          resolveTenant(withWorkspaceFromQuery(request), meta)
            .then((fresh) =>
              fresh.tenantId === ctx.tenantId
                ? assertBoardReadable(fresh, boardId)
                : Promise.reject(new Error('tenant changed')),
            )
            .catch(() => {
              send('event: closed\ndata: {"reason":"access"}\n\n');
              close();
            });
        }, REAUTH_MS),
      );
    },
    cancel() {
      cleanup();
    },
  });

  unsubscribe = await subscribeBoardEvents((event: BoardEvent) => {
    // The one filter that matters: another tenant's (or board's) events never reach this stream.
    if (event.tenantId !== ctx.tenantId || event.boardId !== boardId) return;
    const { tenantId: _tenant, ...visible } = event;
    send(`id: ${++sequence}\nevent: board\ndata: ${JSON.stringify(visible)}\n\n`);
  }).catch((error: unknown) => {
    // LISTEN could not start (the database is down or refused): the client polls, and the operator hears of it.
    logger.error({ err: error, requestId: meta.requestId }, 'live updates unavailable: could not subscribe');
    return null;
  });
  if (!unsubscribe) {
    cleanup();
    return withRequestId(
      errorResponse(
        new AppError(
          'SERVICE_UNAVAILABLE',
          'Live updates are not available on this deployment; poll the board instead',
        ),
        meta.requestId,
      ),
      meta.requestId,
    );
  }
  if (closed) unsubscribe();
  // A reconnecting client refetches the board on "ready", so nothing missed while it was away stays missing.
  send(`retry: 3000\nevent: ready\ndata: {"boardId":"${boardId}"}\n\n`);
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      'x-accel-buffering': 'no',
      'x-request-id': meta.requestId,
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

function withRequestId(response: Response, requestId: string): Response {
  response.headers.set('x-request-id', requestId);
  return response;
}
