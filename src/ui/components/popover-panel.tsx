'use client';

import { Popover as P } from 'radix-ui';
import type { ReactNode } from 'react';
import { cn } from './cn';

/** A non-modal panel anchored to its trigger (Radix): Escape or a click outside closes it, focus returns. */
export interface PopoverProps {
  trigger: ReactNode;
  children: ReactNode;
  align?: 'start' | 'center' | 'end';
  className?: string;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}

export function PopoverPanel({
  trigger,
  children,
  align = 'start',
  className,
  open,
  onOpenChange,
  defaultOpen,
}: PopoverProps & { defaultOpen: boolean }) {
  return (
    <P.Root open={open} onOpenChange={onOpenChange} defaultOpen={defaultOpen}>
      <P.Trigger asChild>{trigger}</P.Trigger>
      <P.Portal>
        <P.Content
          align={align}
          sideOffset={6}
          collisionPadding={8}
          className={cn(
            'z-50 w-[min(22rem,calc(100vw-1rem))] rounded-lg border border-border bg-raised p-4 text-fg shadow-xl',
            className,
          )}
        >
          {children}
        </P.Content>
      </P.Portal>
    </P.Root>
  );
}
