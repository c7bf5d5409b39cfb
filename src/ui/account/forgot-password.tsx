'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { authFetch, describeAuthError } from './auth-errors';

export function ForgotPassword() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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
    <main className="auth">
      <h1>Reset your password</h1>
      {sentTo ? (
        <div role="status" className="stack">
          <p>
            If an account exists for <strong>{sentTo}</strong>, we sent it a link to choose a new password. The link
            works once, for 60 minutes.
          </p>
          <p>
            <Link href="/sign-in">Back to sign in</Link>
          </p>
        </div>
      ) : (
        <form onSubmit={submit} className="stack" aria-describedby={error ? 'forgot-error' : undefined}>
          <p>Enter the email address of your account. We will mail you a link to choose a new password.</p>
          <label>
            Email
            <input name="email" type="email" autoComplete="email" required />
          </label>
          {error ? (
            <p className="error" role="alert" id="forgot-error">
              {error}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Please wait…' : 'Send me a link'}
          </button>
          <p>
            <Link href="/sign-in">Back to sign in</Link>
          </p>
        </form>
      )}
    </main>
  );
}
