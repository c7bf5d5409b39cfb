'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { ApiError, describeError, type Me } from './api';
import { createApiClient, data, type Schemas } from './client';
import { AuthLayout } from './auth-layout';
import { Button, ErrorMessage, Loading, buttonClass } from './components';

type Preview = Schemas['InvitationPreview'];
const gone = 'This invitation does not exist, was revoked, or has expired. Ask for a new link.';
const unverified =
  'This invitation is for your email address, which is not verified yet. Open the link we mailed you to confirm it, then come back to this page to accept.';

/** Why an invitation cannot be accepted, in words, with what to do. */
export function refusal(preview: Preview): string | null {
  if (preview.status === 'accepted')
    return 'This invitation has already been used. Ask for a new link if you need one.';
  if (preview.status === 'revoked') return 'This invitation was revoked. Ask for a new link.';
  if (preview.status === 'expired') return 'This invitation has expired. Ask for a new link.';
  if (preview.reason === 'already-member') return `You are already a member of ${preview.workspace.name}.`;
  if (preview.reason === 'email-not-verified') return unverified;
  return null;
}

/** /invite/{token}: accept as the signed-in user, or sign up / sign in first and come back. */
export function InvitePage({ token }: { token: string }) {
  const router = useRouter();
  const [me, setMe] = useState<Me | null | 'signed-out'>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const back = encodeURIComponent(`/invite/${token}`);
  useEffect(() => {
    // No workspace yet: the client is bound to none (the invitation names it).
    const api = createApiClient();
    data(api.GET('/me')).then(
      async (value) => {
        setMe(value);
        // Signed in: what the link leads to, so that only an invitation this user can accept offers "Accept".
        try {
          setPreview(await data(api.POST('/invitations/preview', { body: { token } })));
        } catch (e) {
          setError(
            e instanceof ApiError && e.status === 404
              ? gone
              : e instanceof ApiError && e.status === 403
                ? `This invitation was sent to another address than ${value.user.email}. Sign in with that address, or ask for a new link.`
                : describeError(e),
          );
        }
      },
      (e) => (e instanceof ApiError && e.status === 401 ? setMe('signed-out') : setError(describeError(e))),
    );
  }, [token]);

  async function accept() {
    setBusy(true);
    try {
      const result = await data(createApiClient().POST('/invitations/accept', { body: { token } }));
      router.replace(`/w/${result.workspace.slug}`);
    } catch (e) {
      setBusy(false);
      setError(
        e instanceof ApiError && e.status === 404
          ? gone
          : e instanceof ApiError && e.code === 'EMAIL_NOT_VERIFIED'
            ? unverified
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
        {me && me !== 'signed-out' && preview ? (
          <>
            <p>
              You are signed in as <strong>{me.user.email}</strong>.{' '}
              {preview.canAccept ? (
                <>
                  You are invited to <strong>{preview.workspace.name}</strong> as {preview.role}.
                </>
              ) : null}
            </p>
            {preview.canAccept ? (
              <Button variant="primary" onClick={() => void accept()} disabled={busy}>
                Accept the invitation
              </Button>
            ) : (
              <p className="rounded-md border border-warning/40 bg-warning-soft px-3 py-2 text-sm" role="status">
                {refusal(preview)}{' '}
                {preview.reason === 'already-member' ? (
                  <Link href={`/w/${preview.workspace.slug}`}>Open {preview.workspace.name}</Link>
                ) : null}
              </p>
            )}
          </>
        ) : null}
      </div>
    </AuthLayout>
  );
}
