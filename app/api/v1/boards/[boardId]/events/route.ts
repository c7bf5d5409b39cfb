import { boardEvents } from '@/api/board-events';
import { refuseOtherMethods } from '@/server/http/unknown-route';

// Server-Sent Events: a long-lived response, never cached or prerendered.
export const dynamic = 'force-dynamic';
export const GET = boardEvents;
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods({ GET });
