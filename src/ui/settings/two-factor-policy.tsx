'use client';

import Link from 'next/link';
import { useState } from 'react';
import { describeError } from '../api';
import { useWorkspace } from '../app-shell';
import { data } from '../client';
import { Button, ErrorMessage, Section } from '../components';

/**
 * The owner's rule "every member signs in with a second factor". Members without one are asked to enrol before
 * they can enter (the API refuses them with TWO_FACTOR_REQUIRED, their API tokens too). Only an owner who has a
 * second factor can switch it on, so nobody locks themselves out.
 */
export function TwoFactorPolicy() {
  const { client, me, workspace, reloadMe } = useWorkspace();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const required = workspace.requireTwoFactor;

  async function toggle() {
    setBusy(true);
    setError(null);
    try {
      const updated = await data(client.PATCH('/workspace', { body: { requireTwoFactor: !required } }));
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
    <Section title="Two-factor authentication" id="two-factor-policy-title" className="max-w-xl">
      <div className="flex flex-col gap-3 text-sm">
        <p>
          {required
            ? 'Required: members without a second factor are asked to set one up before they can enter, and their API tokens stop working until they do.'
            : 'Not required: members choose for themselves.'}
        </p>
        {!required && !me.user.twoFactorEnabled ? (
          <p className="text-muted">
            To require it of everyone, first <Link href="/account">turn it on for your own account</Link>.
          </p>
        ) : null}
        <ErrorMessage error={error} />
        <p role="status" className="text-success empty:hidden">
          {status}
        </p>
        <Button
          variant={required ? 'secondary' : 'primary'}
          className="self-start"
          disabled={busy || (!required && !me.user.twoFactorEnabled)}
          onClick={() => void toggle()}
        >
          {required ? 'Stop requiring two-factor authentication' : 'Require two-factor authentication for all members'}
        </Button>
      </div>
    </Section>
  );
}
