import type { Metadata } from 'next';
import { AuditPage } from '@/ui/settings/audit';

export const metadata: Metadata = { title: 'Audit log · Tika' };

export default function AuditRoute() {
  return <AuditPage />;
}
