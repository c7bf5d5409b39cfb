import type { Metadata } from 'next';
import { SelfHostPage } from '@/ui/self-host';

export const metadata: Metadata = { title: 'Self-host Tika' };

export default function SelfHost() {
  return <SelfHostPage />;
}
