import type { Metadata } from 'next';
import { WebhooksPage } from '@/ui/settings/webhooks';

export const metadata: Metadata = { title: 'Webhooks · Tika' };

export default function WebhooksRoute() {
  return <WebhooksPage />;
}
