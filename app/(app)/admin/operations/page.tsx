import type { Metadata } from 'next';
import { OperationsPage } from '@/ui/operations';

export const metadata: Metadata = { title: 'Operations · Tika' };

export default function OperationsRoute() {
  return (
    <main>
      <OperationsPage />
    </main>
  );
}
