import type { Metadata } from 'next';
import { InvitePage } from '@/ui/invite-page';

export const metadata: Metadata = { title: 'Invitation · Tika', referrer: 'no-referrer' };

export default async function InviteRoute({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <InvitePage token={decodeURIComponent(token)} />;
}
