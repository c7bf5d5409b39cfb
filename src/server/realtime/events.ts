import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { authSecret } from '../auth/secret';

/**
 * What changed on a board, as sent between app replicas over Postgres NOTIFY and on to browsers over SSE.
 * Small on purpose (NOTIFY payloads are limited to 8,000 bytes): clients fetch what they need.
 */
import 'server-only';
export type BoardEventKind =
  | 'ticket.created'
  | 'ticket.updated'
  | 'ticket.moved'
  | 'ticket.archived'
  | 'ticket.restored'
  | 'ticket.deleted'
  /** A comment was added or deleted: the card's comment count changed (the ticket's version did not). */
  | 'ticket.commented'
  | 'column.changed'
  | 'board.updated'
  | 'board.deleted'
  /** A workspace label's colour changed: sent to every board of the workspace (boardId '*'). */
  | 'labels.changed';

export interface BoardEvent {
  tenantId: string;
  /** The board, or '*' for an event of the whole workspace that every open board hears. */
  boardId: string;
  kind: BoardEventKind;
  ticketId?: string;
  version?: number;
  /** The ticket's column after the change. */
  columnId?: string;
  /** For moves between columns and deletions: the column it left. */
  fromColumnId?: string;
}

export const BOARD_EVENTS_CHANNEL = 'tika_board_events';

// Anyone who can run SQL as the runtime role can NOTIFY this channel, so a payload proves nothing by itself: a
// forged one naming another workspace's board would reach that workspace's live streams (issue #12). Every
// payload is therefore signed with a key only the app processes hold (derived from BETTER_AUTH_SECRET, which is
// the same on every replica and never in the database); the hub drops anything whose signature does not verify.
// Wire format: `<base64url HMAC-SHA256 of the JSON>.<JSON>`.
const keyHolder = Symbol.for('tika.realtime.key');
type KeyHolder = { [keyHolder]?: Buffer };

function signingKey(): Buffer {
  const holder = globalThis as KeyHolder;
  holder[keyHolder] ??= Buffer.from(hkdfSync('sha256', authSecret(), 'tika', 'realtime board events v1', 32));
  return holder[keyHolder];
}

const signatureOf = (json: string) => createHmac('sha256', signingKey()).update(json, 'utf8').digest();

/** The NOTIFY payload for an event: its JSON, signed. */
export function encodeBoardEvent(event: BoardEvent): string {
  const json = JSON.stringify(event);
  return `${signatureOf(json).toString('base64url')}.${json}`;
}

/** A payload from the channel → the event, or null when it is malformed or not signed by one of our processes. */
export function parseBoardEvent(payload: string): BoardEvent | null {
  const dot = payload.indexOf('.');
  if (dot <= 0) return null;
  const given = Buffer.from(payload.slice(0, dot), 'base64url');
  const json = payload.slice(dot + 1);
  const expected = signatureOf(json);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const value = JSON.parse(json) as Partial<BoardEvent>;
    if (typeof value.tenantId !== 'string' || typeof value.boardId !== 'string' || typeof value.kind !== 'string')
      return null;
    return value as BoardEvent;
  } catch {
    return null;
  }
}
