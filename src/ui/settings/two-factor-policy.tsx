'use client';

import Link from 'next/link';
import { useState } from 'react';
import { describeError, type Workspace } from '../api';
import { useWorkspace } from '../app-shell';
import { ErrorMessage } from '../components';

/**
 * The owner's rule "every member signs in with a second factor". Members without one are asked to enrol before
 * they can enter (the API refuses them with TWO_FACTOR_REQUIRED, their API tokens too). Only an owner who has a
 * second factor can switch it on, so nobody locks themselves out.
 */
export function TwoFactorPolicy() {
  const { api, me, workspace, reloadMe } = useWorkspace();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const required = workspace.requireTwoFactor;

  async function toggle() {
    setBusy(true);
    setError(null);
    try {
      const updated = await api.patch<Workspace>('/workspace', { requireTwoFactor: !required });
      setStatus(
        updated.requireTwoFactor
          ? 'Two-factor authentication is now required of every member.'
          : 'Two-factor authentication is no longer required.',
      );
      await reloadMe();
    } catch (e) {
      setStatus(null);
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="two-factor-policy-title" className="stack narrow">
      <h2 id="two-factor-policy-title">Two-factor authentication</h2>
      <p>
        {required
          ? 'Required: members without a second factor are asked to set one up before they can enter, and their API tokens stop working until they do.'
          : 'Not required: members choose for themselves.'}
      </p>
      {!required && !me.user.twoFactorEnabled ? (
        <p className="muted">
          To require it of everyone, first <Link href="/account">turn it on for your own account</Link>.
        </p>
      ) : null}
      <ErrorMessage error={error} />
      <p role="status" className="ok">
        {status}
      </p>
      <button
        type="button"
        className={required ? undefined : 'primary'}
        disabled={busy || (!required && !me.user.twoFactorEnabled)}
        onClick={() => void toggle()}
      >
        {required ? 'Stop requiring two-factor authentication' : 'Require two-factor authentication for all members'}
      </button>
    </section>
  );
}
