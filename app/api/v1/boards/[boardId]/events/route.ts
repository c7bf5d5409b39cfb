import { boardEventsRoute } from '@/server/realtime/sse';

// Server-Sent Events: a long-lived response, never cached or prerendered.
export const dynamic = 'force-dynamic';
export const GET = boardEventsRoute;
