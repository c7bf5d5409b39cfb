'use client';

import { useState } from 'react';
import { authFetch, describeAuthError } from './auth-errors';

/** Until the address is verified: say so, and offer a fresh link. */
export function VerifyEmailBanner({ email, verified }: { email: string; verified: boolean }) {
  const [state, setState] = useState<{ sent?: boolean; error?: string; busy?: boolean }>({});
  if (verified) return null;
  async function resend() {
    setState({ busy: true });
    const result = await authFetch('POST', '/send-verification-email', { email });
    setState(result.ok ? { sent: true } : { error: describeAuthError(result.error) });
  }
  return (
    <div className="banner" role="region" aria-label="Address confirmation">
      <p>
        Confirm your email address: we sent a link to <strong>{email}</strong>. Invitations sent to this address need
        it.
      </p>
      {state.sent ? (
        <p role="status">A new link is on its way.</p>
      ) : (
        <button type="button" className="small" onClick={() => void resend()} disabled={state.busy}>
          Send a new link
        </button>
      )}
      {state.error ? (
        <p className="error" role="alert">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
