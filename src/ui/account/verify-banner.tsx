'use client';

import { MailWarning } from 'lucide-react';
import { useState } from 'react';
import { Button, ErrorMessage, Popover, buttonClass } from '../components';
import { authFetch, describeAuthError } from './auth-errors';

/** Asks for a fresh verification link; says when it is on its way or why not. */
function useResend(email: string) {
  const [state, setState] = useState<{ sent?: boolean; error?: string; busy?: boolean }>({});
  async function resend() {
    setState({ busy: true });
    const result = await authFetch('POST', '/send-verification-email', { email });
    setState(result.ok ? { sent: true } : { error: describeAuthError(result.error) });
  }
  return { state, resend };
}

function Notice({ email, className }: { email: string; className?: string }) {
  const { state, resend } = useResend(email);
  return (
    <div className={className} role="region" aria-label="Address confirmation">
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

/**
 * Until the address is verified: a strip under the header on wider screens. On a phone the strip would push the
 * board a card further down, so the header carries a button instead (VerifyEmailButton) that opens the same notice.
 */
export function VerifyEmailBanner({ email, verified }: { email: string; verified: boolean }) {
  if (verified) return null;
  return (
    <Notice
      email={email}
      className="banner hidden flex-wrap items-center gap-x-3 gap-y-2 border-b border-warning/40 bg-warning-soft px-4 py-2 text-sm sm:flex"
    />
  );
}

/** The phone's way to the notice: a warning button in the header. */
export function VerifyEmailButton({ email, verified }: { email: string; verified: boolean }) {
  if (verified) return null;
  return (
    <div className="sm:hidden">
      <Popover
        align="end"
        trigger={
          <button
            type="button"
            className={buttonClass({ variant: 'ghost', size: 'icon' }, 'text-warning')}
            aria-label="Confirm your email address"
          >
            <MailWarning className="size-4" aria-hidden />
          </button>
        }
      >
        <Notice email={email} className="flex flex-wrap items-center gap-x-3 gap-y-2 text-sm" />
      </Popover>
    </div>
  );
}
