'use client';

import { Dialog as D } from 'radix-ui';
import { X } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from './cn';

const sizes = { sm: 'max-w-md', md: 'max-w-lg', lg: 'max-w-3xl' };

/**
 * A modal dialog (Radix): focus is trapped and given back on close, Escape and the backdrop close it, the rest of
 * the page is hidden from assistive technology. On a phone it fills the screen from the bottom.
 */
export function DialogPanel({
  open,
  onClose,
  title,
  description,
  size = 'md',
  children,
  className,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  size?: keyof typeof sizes;
  children: ReactNode;
  className?: string;
}) {
  return (
    <D.Root open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-black/45 backdrop-blur-[1px]" />
        <D.Content
          aria-describedby={undefined}
          className={cn(
            'fixed inset-x-0 bottom-0 z-50 flex max-h-[92dvh] w-full flex-col overflow-hidden rounded-t-xl border border-border bg-surface text-fg shadow-2xl',
            'sm:inset-x-auto sm:top-[8vh] sm:bottom-auto sm:left-1/2 sm:max-h-[84vh] sm:-translate-x-1/2 sm:rounded-xl',
            sizes[size],
            className,
          )}
        >
          <div className="flex items-start justify-between gap-3 border-b border-border px-5 py-3.5">
            <div className="min-w-0">
              <D.Title className="text-base font-semibold">{title}</D.Title>
              {description ? <D.Description className="mt-0.5 text-sm text-muted">{description}</D.Description> : null}
            </div>
            <D.Close
              className="-mr-1.5 inline-flex size-8 shrink-0 items-center justify-center rounded-md text-muted hover:bg-sunken hover:text-fg"
              aria-label="Close dialog"
            >
              <X className="size-4" aria-hidden />
            </D.Close>
          </div>
          <div className="overflow-y-auto px-5 py-4">{children}</div>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
