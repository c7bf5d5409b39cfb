import type { Metadata } from 'next';
import { NotificationsPage } from '@/ui/notifications-page';

export const metadata: Metadata = { title: 'Notifications · Tika' };

export default function NotificationsRoute() {
  return <NotificationsPage />;
}
