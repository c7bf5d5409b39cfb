import { boardEventsRoute } from '@/server/realtime/sse';
import { refuseOtherMethods } from '@/server/http/unknown-route';

// Server-Sent Events: a long-lived response, never cached or prerendered.
export const dynamic = 'force-dynamic';
export const GET = boardEventsRoute;
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods({ GET });
