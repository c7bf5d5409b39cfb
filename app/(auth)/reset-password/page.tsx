import type { Metadata } from 'next';
import { ResetPassword } from '@/ui/account/reset-password';

export const metadata: Metadata = { title: 'Choose a new password · Tika', referrer: 'no-referrer' };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return <ResetPassword token={typeof token === 'string' ? token : null} />;
}
