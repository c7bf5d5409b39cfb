import 'server-only';
import { assertBoardReadable } from '@/modules/boards';
import { boardEventsRoute } from '@/server/realtime/sse';

/** GET /api/v1/boards/{boardId}/events: the SSE stream (infrastructure) gated by the boards module's read rule. */
export const boardEvents = boardEventsRoute(assertBoardReadable);
