import type { Metadata } from 'next';
import { TwoFactorChallenge } from '@/ui/account/two-factor-challenge';

export const metadata: Metadata = { title: 'Two-factor authentication · Tika' };

export default async function TwoFactorPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return <TwoFactorChallenge next={typeof next === 'string' ? next : null} />;
}
