'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { describeError } from '../api';
import { data } from '../client';
import { useWorkspace } from '../app-shell';
import { Button, ErrorMessage, Field, Input, Page, PageHeader, Section } from '../components';
import { LabelColoursSection } from './labels';
import { TwoFactorPolicy } from './two-factor-policy';

export function WorkspaceSettingsPage() {
  const { client: api, can, workspace, reloadMe } = useWorkspace();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [confirm, setConfirm] = useState('');
  const [deleteError, setDeleteError] = useState<string | null>(null);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      const updated = await data(
        api.PATCH('/workspace', {
          body: { name: String(form.get('name') ?? '').trim(), slug: String(form.get('slug') ?? '').trim() },
        }),
      );
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
      await data(api.DELETE('/workspace', { body: { confirm } }));
      window.location.assign('/w');
    } catch (e) {
      setDeleteError(describeError(e));
    }
  }

  if (!can('settings:manage'))
    return (
      <Page>
        <PageHeader
          title="Workspace settings"
          description="Only admins and owners can change the workspace settings."
        />
      </Page>
    );
  return (
    <Page>
      <PageHeader title="Workspace settings" />
      <Section title="General" id="general" className="max-w-xl">
        <form onSubmit={(event) => void save(event)} className="flex flex-col gap-4">
          <Field label="Name">
            <Input name="name" defaultValue={workspace.name} required maxLength={80} />
          </Field>
          <Field label="URL name (slug)">
            <Input
              name="slug"
              defaultValue={workspace.slug}
              required
              minLength={3}
              maxLength={48}
              pattern="[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?"
              aria-describedby="slug-hint"
            />
          </Field>
          <p className="-mt-2 text-xs text-muted" id="slug-hint">
            Lowercase letters, digits and inner dashes. Changing it changes the workspace’s links.
          </p>
          <ErrorMessage error={error} />
          <p role="status" className="text-sm text-success empty:hidden">
            {saved}
          </p>
          <Button type="submit" variant="primary" className="self-start">
            Save
          </Button>
        </form>
      </Section>
      <LabelColoursSection />
      {can('security:manage') ? <TwoFactorPolicy /> : null}
      {can('workspace:delete') ? (
        <Section
          title="Delete the workspace"
          id="delete-title"
          tone="danger"
          className="max-w-xl"
          description={`This deletes every board, ticket, comment, invitation and token of ${workspace.name}. It cannot be undone.`}
        >
          <form onSubmit={(event) => void remove(event)} className="flex flex-col gap-4">
            <Field
              label={
                <>
                  Type <strong>{workspace.slug}</strong> to confirm
                </>
              }
            >
              <Input value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
            </Field>
            <ErrorMessage error={deleteError} />
            <Button type="submit" variant="danger" disabled={confirm !== workspace.slug} className="self-start">
              Delete this workspace
            </Button>
          </form>
        </Section>
      ) : null}
    </Page>
  );
}
