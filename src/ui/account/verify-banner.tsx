'use client';

import { MailWarning } from 'lucide-react';
import { useState } from 'react';
import { Button, ErrorMessage } from '../components';
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
    <div
      className="banner flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-warning/40 bg-warning-soft px-3 py-2 text-sm sm:px-4"
      role="region"
      aria-label="Address confirmation"
    >
      <MailWarning className="size-4 shrink-0 text-warning" aria-hidden />
      <p className="min-w-0 flex-1">
        Confirm your email address: we sent a link to <strong className="break-all">{email}</strong>. Invitations sent
        to this address need it.
      </p>
      {state.sent ? (
        <p role="status" className="font-medium">
          A new link is on its way.
        </p>
      ) : (
        <Button size="sm" onClick={() => void resend()} disabled={state.busy}>
          Send a new link
        </Button>
      )}
      {state.error ? <ErrorMessage error={state.error} className="basis-full" /> : null}
    </div>
  );
}
