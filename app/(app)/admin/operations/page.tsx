import type { Metadata } from 'next';
import { OperationsPage } from '@/ui/admin/operations-page';

export const metadata: Metadata = { title: 'Operations · Tika' };

export default function OperationsRoute() {
  return <OperationsPage />;
}
