import type { Metadata } from 'next';
import { loadFlags } from '@/api/pages';
import { TicketPage } from '@/ui/ticket-page';

export const metadata: Metadata = { title: 'Ticket · Tika' };

export default async function TicketRoute({ params }: { params: Promise<{ workspace: string; ticketId: string }> }) {
  const { workspace, ticketId } = await params;
  return (
    <TicketPage
      ticketId={ticketId}
      flags={{ comments: (await loadFlags(decodeURIComponent(workspace), ['TICKET_COMMENTS'])).TICKET_COMMENTS }}
    />
  );
}
