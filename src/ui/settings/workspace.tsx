'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { describeError, type Workspace } from '../api';
import { useWorkspace } from '../app-shell';
import { ErrorMessage } from '../primitives';
import { TwoFactorPolicy } from './two-factor-policy';

export function WorkspaceSettingsPage() {
  const { api, can, workspace, reloadMe } = useWorkspace();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [confirm, setConfirm] = useState('');
  const [deleteError, setDeleteError] = useState<string | null>(null);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      const updated = await api.patch<Workspace>('/workspace', {
        name: String(form.get('name') ?? '').trim(),
        slug: String(form.get('slug') ?? '').trim(),
      });
      setError(null);
      setSaved('Saved.');
      await reloadMe();
      if (updated.slug !== workspace.slug) router.replace(`/w/${updated.slug}/settings`);
    } catch (e) {
      setSaved(null);
      setError(describeError(e));
    }
  }

  async function remove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      await api.del('/workspace', { confirm });
      window.location.assign('/w');
    } catch (e) {
      setDeleteError(describeError(e));
    }
  }

  if (!can('settings:manage'))
    return (
      <main>
        <h1>Workspace settings</h1>
        <p>Only admins and owners can change the workspace settings.</p>
      </main>
    );
  return (
    <main>
      <h1>Workspace settings</h1>
      <form onSubmit={save} className="stack narrow">
        <label>
          Name
          <input name="name" defaultValue={workspace.name} required maxLength={80} />
        </label>
        <label>
          URL name (slug)
          <input
            name="slug"
            defaultValue={workspace.slug}
            required
            minLength={3}
            maxLength={48}
            pattern="[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?"
            aria-describedby="slug-hint"
          />
        </label>
        <p className="muted small" id="slug-hint">
          Lowercase letters, digits and inner dashes. Changing it changes the workspace’s links.
        </p>
        <ErrorMessage error={error} />
        <p role="status" className="ok">
          {saved}
        </p>
        <button type="submit" className="primary">
          Save
        </button>
      </form>
      {can('security:manage') ? <TwoFactorPolicy /> : null}
      {can('workspace:delete') ? (
        <section className="danger-zone" aria-labelledby="delete-title">
          <h2 id="delete-title">Delete the workspace</h2>
          <p>
            This deletes every board, ticket, comment, invitation and token of {workspace.name}. It cannot be undone.
          </p>
          <form onSubmit={remove} className="stack narrow">
            <label>
              Type <strong>{workspace.slug}</strong> to confirm
              <input value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
            </label>
            <ErrorMessage error={deleteError} />
            <button type="submit" className="danger" disabled={confirm !== workspace.slug}>
              Delete this workspace
            </button>
          </form>
        </section>
      ) : null}
    </main>
  );
}
