'use client';

import { useEffect, useState, type RefObject } from 'react';
import { cn } from '../components';
import type { ColumnState } from './model';

/**
 * On a phone the board shows one column per screen: swipe sideways (the strip snaps to columns) or tap a tab.
 * The tabs follow the swipe. Hidden from `sm` up, where several columns fit.
 */
export function ColumnTabs({
  columns,
  scroller,
}: {
  columns: ColumnState[];
  scroller: RefObject<HTMLDivElement | null>;
}) {
  const [current, setCurrent] = useState(columns[0]?.id ?? null);
  useEffect(() => {
    const strip = scroller.current;
    if (!strip) return;
    const onScroll = () => {
      const mid = strip.getBoundingClientRect().left + strip.clientWidth / 2;
      for (const el of strip.querySelectorAll<HTMLElement>('[data-column-id]')) {
        const r = el.getBoundingClientRect();
        if (r.left <= mid && r.right >= mid) return setCurrent(el.dataset.columnId ?? null);
      }
    };
    strip.addEventListener('scroll', onScroll, { passive: true });
    return () => strip.removeEventListener('scroll', onScroll);
  }, [scroller]);
  return (
    <nav aria-label="Columns" className="px-4 pb-2 sm:hidden">
      <ul className="flex gap-1 overflow-x-auto">
        {columns.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              aria-current={current === c.id ? 'true' : undefined}
              className={cn(
                'flex h-7 items-center gap-1.5 rounded-full px-3 text-xs font-medium whitespace-nowrap',
                current === c.id ? 'bg-fg text-bg' : 'bg-sunken text-muted',
              )}
              onClick={() => {
                setCurrent(c.id);
                scroller.current
                  ?.querySelector(`[data-column-id="${c.id}"]`)
                  ?.scrollIntoView({ behavior: 'smooth', inline: 'center', block: 'nearest' });
              }}
            >
              {c.name}
              <span className="tabular-nums opacity-70">{c.ticketCount}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
