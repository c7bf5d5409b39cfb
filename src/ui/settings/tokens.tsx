'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { describeError, type ApiToken, type CreatedApiToken } from '../api';
import { useWorkspace } from '../app-shell';
import { assignableRoles } from '../permissions';
import { EmptyState, ErrorMessage, Loading, OneTimeSecret, formatDate } from '../primitives';

export function TokensPage() {
  const { api, role, can } = useWorkspace();
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setTokens((await api.get<{ data: ApiToken[] }>('/tokens')).data);
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
        await api.post<CreatedApiToken>('/tokens', {
          name: String(form.get('name') ?? '').trim(),
          role: form.get('role'),
          ...(days ? { expiresAt: new Date(Date.now() + days * 86_400_000).toISOString() } : {}),
        }),
      );
      setError(null);
      await load();
    } catch (e) {
      setError(describeError(e));
    }
  }

  if (!can('token:manage'))
    return (
      <main>
        <h1>API tokens</h1>
        <p>Only admins and owners manage API tokens.</p>
      </main>
    );
  return (
    <main>
      <h1>API tokens</h1>
      <p className="muted">
        Send a token as <code>Authorization: Bearer &lt;token&gt;</code> to <code>/api/v1</code>. It acts in this
        workspace with its role.
      </p>
      <form onSubmit={create} className="inline-form">
        <label>
          Name
          <input name="name" required maxLength={80} />
        </label>
        <label>
          Role
          <select name="role" defaultValue="member">
            {assignableRoles(role).map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Expires
          <select name="days" defaultValue="90">
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="0">never</option>
          </select>
        </label>
        <button type="submit" className="primary">
          Create token
        </button>
      </form>
      <ErrorMessage error={error} />
      {created ? <OneTimeSecret label={`API token “${created.name}”`} value={created.token} /> : null}
      {tokens === null && !error ? <Loading /> : null}
      {tokens?.length === 0 ? <EmptyState title="No API tokens yet" /> : null}
      {tokens && tokens.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">API tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Role</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>{t.role}</td>
                <td>{t.lastUsedAt ? formatDate(t.lastUsedAt) : 'Never'}</td>
                <td>{t.expiresAt ? formatDate(t.expiresAt) : 'Never'}</td>
                <td>
                  {t.revokedAt ? 'Revoked' : t.expiresAt && new Date(t.expiresAt) < new Date() ? 'Expired' : 'Active'}
                </td>
                <td>
                  {!t.revokedAt ? (
                    <button
                      type="button"
                      className="ghost danger"
                      onClick={() =>
                        window.confirm(`Revoke “${t.name}”? Anything using it stops working.`) &&
                        void api.del(`/tokens/${t.id}`).then(load, (e) => setError(describeError(e)))
                      }
                    >
                      Revoke
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </main>
  );
}
