import type { Metadata } from 'next';
import { VerifyEmail } from '@/ui/account/verify-email';

export const metadata: Metadata = { title: 'Confirm your email · Tika', referrer: 'no-referrer' };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return <VerifyEmail token={typeof token === 'string' ? token : null} />;
}
