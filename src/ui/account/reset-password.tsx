'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { authFetch, describeAuthError } from './auth-errors';

export function ResetPassword({ token }: { token: string | null }) {
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(
    token ? null : 'This link has no token: open the link from the mail again, or ask for a new one.',
  );
  const [busy, setBusy] = useState(false);

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
    <main className="auth">
      <h1>Choose a new password</h1>
      {done ? (
        <div role="status" className="stack">
          <p>Your new password is set, and you were signed out everywhere.</p>
          <p>
            <Link href="/sign-in">Sign in with your new password</Link>
          </p>
        </div>
      ) : (
        <form onSubmit={submit} className="stack" aria-describedby={error ? 'reset-error' : undefined}>
          <label>
            New password
            <input name="password" type="password" autoComplete="new-password" minLength={8} maxLength={128} required />
          </label>
          <label>
            Repeat the new password
            <input name="confirm" type="password" autoComplete="new-password" minLength={8} maxLength={128} required />
          </label>
          {error ? (
            <div className="stack" id="reset-error">
              <p className="error" role="alert">
                {error}
              </p>
              <p>
                <Link href="/forgot-password">Ask for a new link</Link>
              </p>
            </div>
          ) : null}
          <button type="submit" className="primary" disabled={busy || !token}>
            {busy ? 'Please wait…' : 'Set the new password'}
          </button>
        </form>
      )}
    </main>
  );
}
