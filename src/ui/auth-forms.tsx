'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { authClient } from './auth-client';
import { AuthLayout } from './auth-layout';
import { csrfAdvice } from './client';
import { Button, ErrorMessage, Field, Input } from './components';
import { safeNextPath } from './safe-next';
import { INVITATION_HEADER, invitationOfNextPath, type SignUpAnswer } from '@/shared/sign-up';
import { useHydrated } from './use-hydrated';

export function AuthForm({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const router = useRouter();
  const params = useSearchParams();
  const requested = params.get('next');
  const invitation = invitationOfNextPath(requested);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [checkEmail, setCheckEmail] = useState<string | null>(null);
  const hydrated = useHydrated();

  /**
   * Sign-up answers a new and a registered address alike and opens no session (issue #12), so a new account
   * signs in with the password just chosen — unless this server wants the address confirmed first.
   */
  async function signUpThenIn(email: string, password: string, name: string) {
    const up = await authClient.signUp.email({
      email,
      password,
      name,
      // Coming from an invitation: it lets the address in where sign-up is closed or limited to domains.
      fetchOptions: invitation ? { headers: { [INVITATION_HEADER]: invitation } } : undefined,
    });
    if (up.error) return up;
    if ((up.data as unknown as SignUpAnswer).emailVerificationRequired) return { data: null, error: null };
    return authClient.signIn.email({ email, password });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    setBusy(true);
    setError(null);
    const result =
      mode === 'sign-up'
        ? await signUpThenIn(email, password, String(form.get('name') ?? '').trim() || email.split('@')[0]!)
        : await authClient.signIn.email({ email, password });
    setBusy(false);
    if (!result.error && !result.data) {
      // This server confirms addresses before anyone signs in: the link is in the mail.
      setCheckEmail(email);
      return;
    }
    if (result.error) {
      // Auth errors are problem+json like the rest of the API: `detail` says what went wrong, `errors[]` which field.
      const problem = result.error as { detail?: string; errors?: { message?: string }[] };
      const message = problem.errors?.[0]?.message ?? problem.detail ?? result.error.message ?? result.error.statusText;
      setError(
        result.error.status === 401
          ? mode === 'sign-in'
            ? 'That email and password do not match an account.'
            : // Sign-up was taken but that password does not open the address: it had an account already.
              'Could not sign you in with that email and password. If the address already has an account, sign in or reset its password.'
          : result.error.status === 403 && /origin|csrf/i.test(message ?? '')
            ? csrfAdvice()
            : message || 'Could not complete the request. Try again.',
      );
      return;
    }
    // An account with two-factor authentication: the password was right; the second step finishes the sign-in.
    if (result.data && 'twoFactorRedirect' in result.data && result.data.twoFactorRedirect) {
      router.replace(`/two-factor${requested ? `?next=${encodeURIComponent(requested)}` : ''}`);
      return;
    }
    // Only a path on this origin: never send someone to another site after signing in.
    router.replace(safeNextPath(requested, window.location.origin));
    router.refresh();
  }

  const other = mode === 'sign-in' ? 'sign-up' : 'sign-in';
  const nextQuery = requested ? `?next=${encodeURIComponent(requested)}` : '';
  if (checkEmail)
    return (
      <AuthLayout
        title="Check your email"
        footer={
          <>
            Confirmed it? <Link href={`/sign-in${nextQuery}`}>Sign in</Link>
          </>
        }
      >
        <p role="status">
          If {checkEmail} can be used, a link to confirm it is on its way. Follow it, then sign in with the password you
          chose.
        </p>
      </AuthLayout>
    );
  return (
    <AuthLayout
      title={mode === 'sign-in' ? 'Sign in to Tika' : 'Create your Tika account'}
      footer={
        <>
          {mode === 'sign-in' ? 'New to Tika? ' : 'Already have an account? '}
          <Link href={`/${other}${nextQuery}`}>{mode === 'sign-in' ? 'Create an account' : 'Sign in'}</Link>
        </>
      }
    >
      <form
        onSubmit={(event) => void submit(event)}
        method="post"
        className="flex flex-col gap-4"
        aria-describedby={error ? 'auth-error' : undefined}
      >
        {mode === 'sign-up' ? (
          <Field label="Name">
            <Input name="name" autoComplete="name" maxLength={80} />
          </Field>
        ) : null}
        <Field label="Email">
          <Input name="email" type="email" autoComplete="email" required />
        </Field>
        <Field label="Password">
          <Input
            name="password"
            type="password"
            autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
            minLength={8}
            maxLength={128}
            required
            aria-describedby={mode === 'sign-up' ? 'password-hint' : undefined}
          />
        </Field>
        {mode === 'sign-up' ? (
          <p className="-mt-2 text-xs text-muted" id="password-hint">
            At least 8 characters.
          </p>
        ) : (
          <p className="-mt-2 text-right text-xs">
            <Link href="/forgot-password">Forgot your password?</Link>
          </p>
        )}
        <ErrorMessage error={error} id="auth-error" />
        <Button type="submit" variant="primary" disabled={busy || !hydrated} className="w-full">
          {busy ? 'Please wait…' : mode === 'sign-in' ? 'Sign in' : 'Sign up'}
        </Button>
      </form>
    </AuthLayout>
  );
}
