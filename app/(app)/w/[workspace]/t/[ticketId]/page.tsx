import type { Metadata } from 'next';
import { isEnabled } from '@/server/feature-flags';
import { TicketPage } from '@/ui/ticket-page';

export const metadata: Metadata = { title: 'Ticket · Tika' };

export default async function TicketRoute({ params }: { params: Promise<{ workspace: string; ticketId: string }> }) {
  const { workspace, ticketId } = await params;
  return <TicketPage ticketId={ticketId} flags={{ comments: isEnabled('TICKET_COMMENTS', { workspace }) }} />;
}
