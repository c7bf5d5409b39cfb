'use client';

import { useEffect, useState } from 'react';
import { onDemand, pendingTrigger } from './on-demand';
import type { PopoverProps } from './popover-panel';

export const popoverPart = onDemand(() => import('./popover-panel'));

/**
 * A non-modal panel anchored to its trigger (Radix, see popover-panel.tsx): Escape or a click outside closes it,
 * focus returns. Its code is downloaded when the pointer or the focus first reaches the trigger (or when a
 * controlled popover is opened); a click before it arrives opens the panel as soon as it does.
 */
export function Popover(props: PopoverProps) {
  const panel = popoverPart.useLoaded();
  const [asked, setAsked] = useState(false);
  const { open, onOpenChange } = props;
  useEffect(() => {
    if (open && !panel) void popoverPart.load();
  }, [open, panel]);
  if (panel) return <panel.PopoverPanel {...props} defaultOpen={asked} />;
  return pendingTrigger(props.trigger, 'dialog', popoverPart, () =>
    open === undefined ? setAsked(true) : onOpenChange?.(true),
  );
}
