'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { ApiError, apiCall, describeError, type Me } from './api';
import { AuthLayout } from './auth-layout';
import { Button, ErrorMessage, Loading, buttonClass } from './components';

/** /invite/{token}: accept as the signed-in user, or sign up / sign in first and come back. */
export function InvitePage({ token }: { token: string }) {
  const router = useRouter();
  const [me, setMe] = useState<Me | null | 'signed-out'>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const back = encodeURIComponent(`/invite/${token}`);
  useEffect(() => {
    apiCall<Me>('GET', '/me').then(setMe, (e) =>
      e instanceof ApiError && e.status === 401 ? setMe('signed-out') : setError(describeError(e)),
    );
  }, []);

  async function accept() {
    setBusy(true);
    try {
      const result = await apiCall<{ workspace: { slug: string; name: string }; role: string }>(
        'POST',
        '/invitations/accept',
        { body: { token } },
      );
      router.replace(`/w/${result.workspace.slug}`);
    } catch (e) {
      setBusy(false);
      setError(
        e instanceof ApiError && e.status === 404
          ? 'This invitation does not exist, was revoked, or has expired. Ask for a new link.'
          : e instanceof ApiError && e.code === 'EMAIL_NOT_VERIFIED'
            ? 'This invitation is for your email address, which is not verified yet. Verify it with the link we sent you, then accept again.'
            : describeError(e),
      );
    }
  }

  return (
    <AuthLayout title="Join a workspace on Tika">
      <div className="flex flex-col gap-4">
        <ErrorMessage error={error} />
        {me === null && !error ? <Loading /> : null}
        {me === 'signed-out' ? (
          <>
            <p>You have been invited to a workspace. Sign in or create an account to accept.</p>
            <div className="flex flex-wrap gap-2">
              <Link className={buttonClass({ variant: 'primary' })} href={`/sign-up?next=${back}`}>
                Create an account
              </Link>
              <Link className={buttonClass()} href={`/sign-in?next=${back}`}>
                Sign in
              </Link>
            </div>
          </>
        ) : null}
        {me && me !== 'signed-out' ? (
          <>
            <p>
              You are signed in as <strong>{me.user.email}</strong>.
            </p>
            <Button variant="primary" onClick={() => void accept()} disabled={busy}>
              Accept the invitation
            </Button>
          </>
        ) : null}
      </div>
    </AuthLayout>
  );
}
