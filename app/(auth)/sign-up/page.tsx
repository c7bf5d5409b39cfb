import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuthForm } from '@/ui/auth-forms';

export const metadata: Metadata = { title: 'Sign up · Tika' };

export default function SignUpPage() {
  return (
    <Suspense>
      <AuthForm mode="sign-up" />
    </Suspense>
  );
}
