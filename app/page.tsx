import type { Metadata } from 'next';
import { Landing } from '@/ui/landing';

export const metadata: Metadata = {
  title: 'Tika — kanban for teams, with operations done right',
  description:
    'Boards your team enjoys, on a foundation your operators trust: tenant isolation, audit log, real-time updates. Hosted or self-hosted, even air-gapped.',
};

export default function Home() {
  return <Landing />;
}
