'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { useWorkspace } from './app-shell';
import { data } from './client';
import { Page } from './components';
import { TicketDetail } from './ticket/ticket-detail';
import { keys } from './ticket/queries';

/** A ticket on its own page (links from the audit log, activity, other tools); the board opens it as a dialog. */
export function TicketPage({ ticketId, flags }: { ticketId: string; flags: { comments: boolean } }) {
  const { client: api, base } = useWorkspace();
  const ticket = useQuery({
    queryKey: keys.ticket(ticketId),
    queryFn: () => data(api.GET('/tickets/{ticketId}', { params: { path: { ticketId } } })),
  });
  return (
    <Page className="ticket-page">
      <p className="mb-4">
        <Link
          href={ticket.data ? `${base}/b/${ticket.data.boardId}` : base}
          className="inline-flex items-center gap-1 text-sm no-underline"
        >
          <ArrowLeft className="size-4" aria-hidden /> {ticket.data ? 'Back to the board' : 'Back to boards'}
        </Link>
      </p>
      <TicketDetail ticketId={ticketId} comments={flags.comments} />
    </Page>
  );
}
