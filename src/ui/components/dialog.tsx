'use client';

import { useEffect, type ComponentProps } from 'react';
import type { DialogPanel } from './dialog-panel';
import { onDemand } from './on-demand';

export const dialogPart = onDemand(() => import('./dialog-panel'));

/**
 * A modal dialog (Radix, see dialog-panel.tsx): focus is trapped and given back on close, Escape and the backdrop
 * close it, the rest of the page is hidden from assistive technology. Its code is downloaded when it first opens.
 */
export function Dialog(props: ComponentProps<typeof DialogPanel>) {
  const panel = dialogPart.useLoaded();
  const { open } = props;
  useEffect(() => {
    if (open && !panel) void dialogPart.load();
  }, [open, panel]);
  return panel ? <panel.DialogPanel {...props} /> : null;
}
