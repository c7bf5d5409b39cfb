'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { AuthLayout } from '../auth-layout';
import { Button, Checkbox, ErrorMessage, Field, Input } from '../components';
import { safeNextPath } from '../safe-next';
import { useHydrated } from '../use-hydrated';
import { authFetch, describeAuthError } from './auth-errors';

/**
 * The second step of signing in for an account with two-factor authentication: the password was right, and
 * better-auth holds the half-finished sign-in in a short-lived signed cookie until a code from the authenticator
 * app (or one of the backup codes) completes it.
 */
export function TwoFactorChallenge({ next }: { next: string | null }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [useBackupCode, setUseBackupCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const code = String(form.get('code') ?? '').replace(/\s+/g, '');
    const trustDevice = form.get('trust') === 'on';
    setBusy(true);
    setError(null);
    const result = await authFetch(
      'POST',
      useBackupCode ? '/two-factor/verify-backup-code' : '/two-factor/verify-totp',
      { code, trustDevice },
    );
    setBusy(false);
    if (!result.ok) {
      setError(describeAuthError(result.error));
      return;
    }
    router.replace(safeNextPath(next, window.location.origin));
    router.refresh();
  }

  return (
    <AuthLayout title="Two-factor authentication" footer={<Link href="/sign-in">Start again</Link>}>
      <form
        onSubmit={(event) => void submit(event)}
        method="post"
        className="flex flex-col gap-4"
        aria-describedby={error ? 'two-factor-error' : undefined}
      >
        <p className="text-sm text-muted">
          {useBackupCode
            ? 'Enter one of the backup codes you saved when you turned on two-factor authentication. Each works once.'
            : 'Enter the 6-digit code from your authenticator app.'}
        </p>
        <Field label={useBackupCode ? 'Backup code' : 'Authentication code'}>
          <Input
            key={useBackupCode ? 'backup' : 'totp'}
            name="code"
            autoComplete="one-time-code"
            inputMode={useBackupCode ? 'text' : 'numeric'}
            pattern={useBackupCode ? undefined : '[0-9 ]{6,7}'}
            maxLength={useBackupCode ? 32 : 7}
            required
            autoFocus
            className="font-mono tracking-widest"
          />
        </Field>
        <Checkbox name="trust" label="Trust this browser for 30 days" />
        <ErrorMessage error={error} id="two-factor-error" />
        <Button type="submit" variant="primary" disabled={busy || !hydrated} className="w-full">
          {busy ? 'Please wait…' : 'Verify'}
        </Button>
        <button
          type="button"
          className="self-center text-sm text-accent underline-offset-2 hover:underline"
          onClick={() => setUseBackupCode((value) => !value)}
        >
          {useBackupCode ? 'Use a code from the authenticator app' : 'Use a backup code instead'}
        </button>
      </form>
    </AuthLayout>
  );
}
