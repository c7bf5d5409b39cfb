'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Role } from '@/shared/permissions';
import { describeError, type ApiToken, type CreatedApiToken } from '../api';
import { data } from '../client';
import { useWorkspace } from '../app-shell';
import { assignableRoles } from '../permissions';
import {
  Badge,
  Button,
  EmptyState,
  ErrorMessage,
  Field,
  Input,
  Loading,
  OneTimeSecret,
  Page,
  PageHeader,
  Section,
  Select,
  Table,
  Td,
  Th,
  formatDate,
} from '../components';

export function TokensPage() {
  const { client: api, role, can } = useWorkspace();
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setTokens((await data(api.GET('/tokens'))).data);
    } catch (e) {
      setError(describeError(e));
    }
  }, [api]);
  useEffect(() => {
    if (can('token:manage')) void load();
  }, [load, can]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const days = Number(form.get('days') ?? 0);
    try {
      setCreated(
        await data(
          api.POST('/tokens', {
            body: {
              name: String(form.get('name') ?? '').trim(),
              // The select offers the roles this user may grant; the server checks it again.
              role: form.get('role') as Exclude<Role, 'owner'>,
              ...(days ? { expiresAt: new Date(Date.now() + days * 86_400_000).toISOString() } : {}),
            },
          }),
        ),
      );
      setError(null);
      await load();
    } catch (e) {
      setError(describeError(e));
    }
  }

  if (!can('token:manage'))
    return (
      <Page>
        <PageHeader title="API tokens" description="Only admins and owners manage API tokens." />
      </Page>
    );
  return (
    <Page>
      <PageHeader
        title="API tokens"
        description={
          <>
            Send a token as <code>Authorization: Bearer &lt;token&gt;</code> to <code>/api/v1</code>. It acts in this
            workspace with its role.
          </>
        }
      />
      <Section title="New token" id="new-token">
        <form onSubmit={(event) => void create(event)} className="flex flex-wrap items-end gap-3">
          <Field label="Name" className="min-w-48 flex-1">
            <Input name="name" required maxLength={80} />
          </Field>
          <Field label="Role" className="w-32">
            <Select name="role" defaultValue="member">
              {assignableRoles(role).map((r) => (
                <option key={r}>{r}</option>
              ))}
            </Select>
          </Field>
          <Field label="Expires" className="w-36">
            <Select name="days" defaultValue="90">
              <option value="30">in 30 days</option>
              <option value="90">in 90 days</option>
              <option value="365">in a year</option>
              <option value="0">never</option>
            </Select>
          </Field>
          <Button type="submit" variant="primary">
            Create token
          </Button>
        </form>
        <ErrorMessage error={error} className="mt-3" />
        {created ? <OneTimeSecret label={`API token “${created.name}”`} value={created.token} /> : null}
      </Section>
      {tokens === null && !error ? <Loading /> : null}
      {tokens?.length === 0 ? <EmptyState title="No API tokens yet" /> : null}
      {tokens && tokens.length > 0 ? (
        <Table caption="API tokens">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Starts with</Th>
              <Th>Role</Th>
              <Th>Last used</Th>
              <Th>Expires</Th>
              <Th>Status</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <Td className="font-medium">{t.name}</Td>
                <Td>
                  <code>{t.prefix}…</code>
                </Td>
                <Td>{t.role}</Td>
                <Td>{t.lastUsedAt ? formatDate(t.lastUsedAt) : 'Never'}</Td>
                <Td>{t.expiresAt ? formatDate(t.expiresAt) : 'Never'}</Td>
                <Td>
                  {t.revokedAt ? (
                    <Badge>Revoked</Badge>
                  ) : t.expiresAt && new Date(t.expiresAt) < new Date() ? (
                    <Badge tone="warning">Expired</Badge>
                  ) : (
                    <Badge tone="success">Active</Badge>
                  )}
                </Td>
                <Td>
                  {!t.revokedAt ? (
                    <Button
                      size="sm"
                      variant="danger-ghost"
                      onClick={() =>
                        window.confirm(`Revoke “${t.name}”? Anything using it stops working.`) &&
                        void data(api.DELETE('/tokens/{tokenId}', { params: { path: { tokenId: t.id } } })).then(
                          load,
                          (e) => setError(describeError(e)),
                        )
                      }
                    >
                      Revoke
                    </Button>
                  ) : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </Page>
  );
}
