'use client';

import { Dialog as D } from 'radix-ui';
import { X } from 'lucide-react';
import type { Ticket } from '../api';
import { TicketDetail } from '../ticket/ticket-detail';

/**
 * A ticket over its board (`?ticket=<id>` in the board's URL): deep links open it, Back and Escape close it. On a
 * phone it fills the screen.
 */
export function TicketDialog({
  ticketId,
  comments,
  onClose,
  onChanged,
}: {
  ticketId: string | null;
  comments: boolean;
  onClose: () => void;
  onChanged: (ticket: Ticket) => void;
}) {
  return (
    <D.Root open={Boolean(ticketId)} onOpenChange={(open) => (open ? undefined : onClose())}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-black/45" />
        <D.Content
          aria-describedby={undefined}
          className="fixed inset-0 z-50 flex flex-col overflow-hidden bg-surface text-fg shadow-2xl sm:inset-auto sm:top-[5vh] sm:left-1/2 sm:max-h-[90vh] sm:w-[min(56rem,calc(100vw-2rem))] sm:-translate-x-1/2 sm:rounded-xl sm:border sm:border-border"
          data-testid="ticket-dialog"
        >
          <div className="overflow-y-auto px-5 pt-4 pb-6 sm:px-6">
            {ticketId ? (
              <TicketDetail
                key={ticketId}
                ticketId={ticketId}
                comments={comments}
                onChanged={onChanged}
                renderTitle={(title) => (
                  <div className="mb-4 flex items-start gap-3 pr-1">
                    <D.Title className="min-w-0 flex-1 text-xl font-semibold">{title}</D.Title>
                    <D.Close
                      className="-mr-2 inline-flex size-8 shrink-0 items-center justify-center rounded-md text-muted hover:bg-sunken hover:text-fg"
                      aria-label="Close ticket"
                    >
                      <X className="size-4" aria-hidden />
                    </D.Close>
                  </div>
                )}
              />
            ) : null}
          </div>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
