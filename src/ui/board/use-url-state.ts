'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useRef } from 'react';
import { filtersFromParams, paramsWithFilters, type Filters } from './model';

/**
 * The board's URL is its shareable state: the filters (`?q=…&assignee=…&label=…&priority=…&due=…`) and the open
 * ticket (`?ticket=<id>`). Changes go through the History API, which Next keeps in step with useSearchParams — no
 * server round trip, the board stays mounted. Opening a ticket adds a history entry, so Back closes it. The state
 * passed is always null: Next leaves a call carrying its own history state alone (the URL would not sync).
 */
export function useBoardUrl() {
  const params = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const ticketId = params.get('ticket');
  const openedHere = useRef(false);

  const setFilters = useCallback((next: Filters) => {
    const url = new URL(window.location.href);
    url.search = paramsWithFilters(url.searchParams, next).toString();
    window.history.replaceState(null, '', url);
  }, []);

  const openTicket = useCallback((id: string) => {
    const url = new URL(window.location.href);
    url.searchParams.set('ticket', id);
    window.history.pushState(null, '', url);
    openedHere.current = true;
  }, []);

  const closeTicket = useCallback(() => {
    if (openedHere.current) {
      openedHere.current = false;
      window.history.back();
      return;
    }
    // Opened from a link: there is no board entry behind it to go back to.
    const url = new URL(window.location.href);
    url.searchParams.delete('ticket');
    window.history.replaceState(null, '', url);
  }, []);

  return { filters, setFilters, ticketId, openTicket, closeTicket };
}
