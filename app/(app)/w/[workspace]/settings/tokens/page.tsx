import type { Metadata } from 'next';
import { TokensPage } from '@/ui/settings/tokens';

export const metadata: Metadata = { title: 'API tokens · Tika' };

export default function TokensRoute() {
  return <TokensPage />;
}
