'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { AuthLayout } from '../auth-layout';
import { Button, ErrorMessage, Field, Input } from '../components';
import { useHydrated } from '../use-hydrated';
import { authFetch, describeAuthError } from './auth-errors';

export function ResetPassword({ token }: { token: string | null }) {
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(
    token ? null : 'This link has no token: open the link from the mail again, or ask for a new one.',
  );
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get('password') ?? '');
    if (newPassword !== String(form.get('confirm') ?? '')) {
      setError('The two passwords are not the same.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await authFetch('POST', '/reset-password', { token, newPassword });
    setBusy(false);
    if (result.ok) setDone(true);
    else setError(describeAuthError(result.error));
  }

  return (
    <AuthLayout title="Choose a new password">
      {done ? (
        <div role="status" className="flex flex-col gap-3 text-sm">
          <p>Your new password is set, and you were signed out everywhere.</p>
          <p>
            <Link href="/sign-in">Sign in with your new password</Link>
          </p>
        </div>
      ) : (
        <form
          onSubmit={(event) => void submit(event)}
          method="post"
          className="flex flex-col gap-4"
          aria-describedby={error ? 'reset-error' : undefined}
        >
          <Field label="New password">
            <Input name="password" type="password" autoComplete="new-password" minLength={8} maxLength={128} required />
          </Field>
          <Field label="Repeat the new password">
            <Input name="confirm" type="password" autoComplete="new-password" minLength={8} maxLength={128} required />
          </Field>
          {error ? (
            <div className="flex flex-col gap-2" id="reset-error">
              <ErrorMessage error={error} />
              <p className="text-sm">
                <Link href="/forgot-password">Ask for a new link</Link>
              </p>
            </div>
          ) : null}
          <Button type="submit" variant="primary" disabled={busy || !token || !hydrated} className="w-full">
            {busy ? 'Please wait…' : 'Set the new password'}
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
