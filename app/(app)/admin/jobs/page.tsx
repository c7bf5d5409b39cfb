import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { instanceAdminOf } from '@/server/auth/instance-admin';
import { JobsAdminPage } from '@/ui/admin/jobs-page';

export const metadata: Metadata = { title: 'Background jobs · Tika' };

// Instance admins only: anyone else sees the 404 page, as for a route that does not exist.
export default async function JobsAdminRoute() {
  const request = new Request('http://tika.local/admin/jobs', { headers: await headers() });
  if (!(await instanceAdminOf(request))) notFound();
  return <JobsAdminPage />;
}
