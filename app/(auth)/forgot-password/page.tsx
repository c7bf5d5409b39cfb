import type { Metadata } from 'next';
import { ForgotPassword } from '@/ui/account/forgot-password';

export const metadata: Metadata = { title: 'Reset your password · Tika' };

export default function ForgotPasswordPage() {
  return <ForgotPassword />;
}
