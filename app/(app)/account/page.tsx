import type { Metadata } from 'next';
import { AccountSecurity } from '@/ui/account/account-security';

export const metadata: Metadata = { title: 'Your account · Tika' };

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return <AccountSecurity next={typeof next === 'string' ? next : null} />;
}
