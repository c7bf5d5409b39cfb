import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuthForm } from '@/ui/auth-forms';

export const metadata: Metadata = { title: 'Sign in · Tika' };

export default function SignInPage() {
  return (
    <Suspense>
      <AuthForm mode="sign-in" />
    </Suspense>
  );
}
