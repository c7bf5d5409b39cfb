import type { Metadata } from 'next';
import { MembersPage } from '@/ui/settings/members';

export const metadata: Metadata = { title: 'Members · Tika' };

export default function MembersRoute() {
  return <MembersPage />;
}
