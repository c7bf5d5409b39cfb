import 'server-only';
import { getDbHandle } from '../db/client';
import { logger } from '../logger';
import { BOARD_EVENTS_CHANNEL, parseBoardEvent, type BoardEvent } from './events';

type Listener = (event: BoardEvent) => void;

interface Hub {
  listeners: Set<Listener>;
  /** Called when the LISTEN connection came back after a loss: events may have been missed. */
  resyncs: Set<() => void>;
  /** Resolves to false when the database driver cannot LISTEN (Neon): clients must poll. */
  started: Promise<boolean>;
}

// One LISTEN per process, shared by every open stream; kept on globalThis like the database handle.
const hubKey = Symbol.for('tika.realtime.hub');
type Holder = { [hubKey]?: Hub };

function hub(): Hub {
  const holder = globalThis as Holder;
  if (!holder[hubKey]) {
    const listeners = new Set<Listener>();
    const resyncs = new Set<() => void>();
    const started = getDbHandle().then(async (handle) => {
      if (!handle.listen) return false;
      await handle.listen(
        BOARD_EVENTS_CHANNEL,
        (payload) => {
          const event = parseBoardEvent(payload);
          if (!event) {
            reportRefused();
            return;
          }
          for (const listener of listeners) {
            try {
              listener(event);
            } catch (error) {
              logger.warn({ err: error }, 'realtime listener failed');
            }
          }
        },
        () => {
          logger.info({ streams: resyncs.size }, 'realtime LISTEN reconnected; asking open streams to resync');
          for (const resync of resyncs) {
            try {
              resync();
            } catch (error) {
              logger.warn({ err: error }, 'realtime resync failed');
            }
          }
        },
      );
      return true;
    });
    started.catch(() => {
      // Let the next subscriber try again.
      delete holder[hubKey];
    });
    holder[hubKey] = { listeners, resyncs, started };
  }
  return holder[hubKey];
}

// A payload that does not verify came from SQL run as the runtime role, not from Tika: worth a warning (at most one
// a minute, with the count, so a flood of them cannot flood the log).
let refused = 0;
let lastWarned = 0;
function reportRefused(): void {
  refused++;
  const now = Date.now();
  if (now - lastWarned < 60_000) return;
  lastWarned = now;
  logger.warn({ refused }, 'board event with a missing or wrong signature dropped (a NOTIFY not sent by Tika)');
  refused = 0;
}

/**
 * Calls `listener` for every board event of every tenant committed anywhere (the caller filters), and `onResync`
 * when events may have been lost (the LISTEN connection came back). Null when unsupported.
 */
export async function subscribeBoardEvents(
  listener: Listener,
  onResync: () => void = () => undefined,
): Promise<(() => void) | null> {
  const current = hub();
  if (!(await current.started)) return null;
  current.listeners.add(listener);
  current.resyncs.add(onResync);
  return () => {
    current.listeners.delete(listener);
    current.resyncs.delete(onResync);
  };
}

/** Open live-update streams in this process (the sse_connections gauge). */
export function openStreams(): number {
  return (globalThis as Holder)[hubKey]?.listeners.size ?? 0;
}
