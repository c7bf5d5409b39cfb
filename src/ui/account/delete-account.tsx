'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button, Dialog, ErrorMessage, Field, Input, Section } from '../components';
import { describeAuthError } from './auth-errors';

interface OwnedWorkspace {
  id: string;
  name: string;
  slug: string;
}

type Refusal = { message: string; owned: OwnedWorkspace[] };

/** POST /api/auth/delete-user: null when the account is gone, else why not (with the workspaces it still owns). */
async function deleteAccount(password: string): Promise<Refusal | null> {
  const response = await fetch('/api/auth/delete-user', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password }),
    credentials: 'same-origin',
  });
  if (response.ok) return null;
  const problem = (await response.json().catch(() => null)) as {
    code?: string;
    detail?: string;
    workspaces?: OwnedWorkspace[];
    errors?: { message?: string }[];
  } | null;
  if (problem?.code === 'VALIDATION_FAILED') return { message: 'That password is not right.', owned: [] };
  return {
    message:
      problem?.code === 'ACCOUNT_OWNS_WORKSPACES' && problem.detail
        ? problem.detail
        : describeAuthError({ status: response.status, code: problem?.code, message: problem?.detail }),
    owned: problem?.workspaces ?? [],
  };
}

/**
 * The account page's danger zone: deleting the account for good, after typing the password again. Refused while
 * the account owns a workspace; the refusal links each one to where ownership is transferred or the workspace
 * deleted.
 */
export function DeleteAccountSection() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    setBusy(true);
    setRefusal(null);
    const refused = await deleteAccount(password);
    setBusy(false);
    if (refused) {
      setRefusal(refused);
      return;
    }
    router.replace('/?account=deleted');
    router.refresh();
  }

  return (
    <Section
      tone="danger"
      title="Delete account"
      id="delete-account"
      description="Your account, sessions and API tokens are deleted and you leave every workspace. The workspaces' audit logs keep what you did under an anonymous id, without your name or email address. This cannot be undone."
    >
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete my account…
      </Button>
      <Dialog
        open={open}
        onClose={() => {
          setOpen(false);
          setRefusal(null);
        }}
        title="Delete your account?"
        description="Type your password to confirm. Workspaces you own must first be given to another member or deleted."
        size="sm"
      >
        <form onSubmit={(event) => void submit(event)} className="flex flex-col gap-4">
          <Field label="Password">
            <Input name="password" type="password" autoComplete="current-password" required maxLength={128} />
          </Field>
          <ErrorMessage error={refusal?.message} id="delete-account-error" />
          {refusal?.owned.length ? (
            <ul className="flex flex-col gap-1 text-sm" aria-label="Workspaces you own">
              {refusal.owned.map((workspace) => (
                <li key={workspace.id}>
                  <strong>{workspace.name}</strong>:{' '}
                  <Link href={`/w/${workspace.slug}/settings/members`}>transfer ownership</Link> or{' '}
                  <Link href={`/w/${workspace.slug}/settings`}>delete the workspace</Link>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={busy}>
              {busy ? 'Deleting…' : 'Delete my account'}
            </Button>
          </div>
        </form>
      </Dialog>
    </Section>
  );
}
