'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { AuthLayout } from '../auth-layout';
import { ErrorMessage, Loading, buttonClass } from '../components';
import { authFetch, describeAuthError } from './auth-errors';

/** Where a verification (or email-change) link lands: confirms it once and says what happened. */
export function VerifyEmail({ token }: { token: string | null }) {
  const [state, setState] = useState<{ status: 'working' | 'done' | 'failed'; message?: string }>({
    status: token ? 'working' : 'failed',
    message: token ? undefined : 'This link has no token: open the link from the mail again.',
  });
  const started = useRef(false);
  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    void authFetch('GET', `/verify-email?token=${encodeURIComponent(token)}`).then((result) =>
      setState(result.ok ? { status: 'done' } : { status: 'failed', message: describeAuthError(result.error) }),
    );
  }, [token]);
  return (
    <AuthLayout title="Confirm your email address">
      {state.status === 'working' ? (
        <Loading label="Confirming…" />
      ) : state.status === 'done' ? (
        <div role="status" className="flex flex-col gap-4 text-sm">
          <p>Your email address is confirmed.</p>
          <Link href="/w" className={buttonClass({ variant: 'primary' }, 'w-full')}>
            Continue to Tika
          </Link>
        </div>
      ) : (
        <div className="flex flex-col gap-3 text-sm">
          <ErrorMessage error={state.message} />
          <p>
            Sign in and ask for a new link from the banner, or <Link href="/sign-in">go to the sign-in page</Link>.
          </p>
        </div>
      )}
    </AuthLayout>
  );
}
