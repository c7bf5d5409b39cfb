'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { AuthLayout } from '../auth-layout';
import { Button, ErrorMessage, Field, Input } from '../components';
import { useHydrated } from '../use-hydrated';
import { authFetch, describeAuthError } from './auth-errors';

export function ForgotPassword() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '').trim();
    setBusy(true);
    setError(null);
    const result = await authFetch('POST', '/request-password-reset', { email, redirectTo: '/reset-password' });
    setBusy(false);
    if (result.ok) setSentTo(email);
    else setError(describeAuthError(result.error));
  }

  return (
    <AuthLayout title="Reset your password" footer={<Link href="/sign-in">Back to sign in</Link>}>
      {sentTo ? (
        <div role="status" className="flex flex-col gap-3 text-sm">
          <p>
            If an account exists for <strong>{sentTo}</strong>, we sent it a link to choose a new password. The link
            works once, for 60 minutes.
          </p>
        </div>
      ) : (
        <form
          onSubmit={(event) => void submit(event)}
          method="post"
          className="flex flex-col gap-4"
          aria-describedby={error ? 'forgot-error' : undefined}
        >
          <p className="text-sm text-muted">
            Enter the email address of your account. We will mail you a link to choose a new password.
          </p>
          <Field label="Email">
            <Input name="email" type="email" autoComplete="email" required />
          </Field>
          <ErrorMessage error={error} id="forgot-error" />
          <Button type="submit" variant="primary" disabled={busy || !hydrated} className="w-full">
            {busy ? 'Please wait…' : 'Send me a link'}
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
