'use client';

import { useEffect, useRef, useState } from 'react';

export interface BoardEventMessage {
  boardId: string;
  kind: string;
  ticketId?: string;
  version?: number;
  columnId?: string;
  fromColumnId?: string;
}

export type LiveStatus = 'connecting' | 'live' | 'polling' | 'offline';

const POLL_MS = 5000;

/** Reconnection delay after the n-th failure in a row: 1 s, 2 s, 4 s … capped at 30 s, with ±20 % jitter. */
export function reconnectDelay(failures: number): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/**
 * Other people's changes, without reloading: Server-Sent Events when the deployment streams, polling otherwise
 * (the stream answers 503 on serverless/Neon, or a proxy breaks it). `onResync` asks the caller to refetch:
 * on every (re)connection — anything missed while away is picked up —, when the server says events may have been
 * lost (`resync`, after its database connection came back), and on each poll. A stream that ends is reopened with
 * backoff; polling only fills the gaps until it is back.
 */
export function useBoardEvents(
  boardId: string,
  workspaceId: string,
  onEvent: (event: BoardEventMessage) => void,
  onResync: () => void,
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const handlers = useRef({ onEvent, onResync });
  handlers.current = { onEvent, onResync };

  useEffect(() => {
    let source: EventSource | null = null;
    let pollTimer: ReturnType<typeof setInterval> | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let connectedOnce = false;
    let failures = 0;
    let stopped = false;

    const startPolling = () => {
      if (pollTimer || stopped) return;
      setStatus('polling');
      pollTimer = setInterval(() => {
        if (document.visibilityState === 'visible') handlers.current.onResync();
      }, POLL_MS);
    };

    const connect = () => {
      if (stopped) return;
      if (typeof EventSource === 'undefined') return startPolling();
      source = new EventSource(`/api/v1/boards/${boardId}/events?workspace=${encodeURIComponent(workspaceId)}`);
      source.addEventListener('ready', () => {
        failures = 0;
        setStatus('live');
        if (pollTimer) {
          clearInterval(pollTimer);
          pollTimer = null;
        }
        // The first "ready" follows the initial load; later ones are reconnections that may have missed events.
        if (connectedOnce) handlers.current.onResync();
        connectedOnce = true;
      });
      source.addEventListener('board', (message) => {
        try {
          handlers.current.onEvent(JSON.parse((message as MessageEvent<string>).data) as BoardEventMessage);
        } catch {
          // ignore a malformed message
        }
      });
      source.addEventListener('resync', () => handlers.current.onResync());
      const reopenLater = () => {
        source?.close();
        source = null;
        failures += 1;
        startPolling();
        if (retryTimer) clearTimeout(retryTimer);
        retryTimer = setTimeout(connect, reconnectDelay(failures));
      };
      // The server ended the stream (access re-check): try again with backoff; if access is really gone the
      // reopen fails and the board's own requests say so.
      source.addEventListener('closed', reopenLater);
      source.onerror = () => {
        if (!source) return;
        if (source.readyState === EventSource.CLOSED) {
          // A non-stream answer (503: streaming unavailable or the server is busy, 401/404): poll meanwhile, and
          // reopen the stream with backoff.
          reopenLater();
        } else {
          setStatus('connecting');
          failures += 1;
          if (failures >= 3) startPolling();
        }
      };
    };
    connect();
    const online = () => setStatus((s) => (s === 'offline' ? 'connecting' : s));
    const offline = () => setStatus('offline');
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      stopped = true;
      source?.close();
      if (pollTimer) clearInterval(pollTimer);
      if (retryTimer) clearTimeout(retryTimer);
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    };
  }, [boardId, workspaceId]);

  return status;
}
