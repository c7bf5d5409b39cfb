'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
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
    <main className="auth">
      <h1>Confirm your email address</h1>
      {state.status === 'working' ? (
        <p role="status">Confirming…</p>
      ) : state.status === 'done' ? (
        <div role="status" className="stack">
          <p>Your email address is confirmed.</p>
          <p>
            <Link href="/w">Continue to Tika</Link>
          </p>
        </div>
      ) : (
        <div className="stack">
          <p className="error" role="alert">
            {state.message}
          </p>
          <p>
            Sign in and ask for a new link from the banner, or <Link href="/sign-in">go to the sign-in page</Link>.
          </p>
        </div>
      )}
    </main>
  );
}
