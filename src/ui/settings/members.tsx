'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Role } from '@/shared/permissions';
import { describeError, type CreatedInvitation, type Invitation, type Member } from '../api';
import { useWorkspace } from '../app-shell';
import { assignableRoles } from '../permissions';
import { EmptyState, ErrorMessage, Loading, OneTimeSecret, formatDate } from '../primitives';

const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function MembersPage() {
  const { api, can, role, me, workspace, reloadMe } = useWorkspace();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[] | null>(null);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const manage = can('member:manage');
  const transfer = can('ownership:transfer');

  const load = useCallback(async () => {
    try {
      setMembers((await api.get<{ data: Member[] }>('/members')).data);
      if (can('invitation:manage')) setInvitations((await api.get<{ data: Invitation[] }>('/invitations')).data);
    } catch (e) {
      setError(describeError(e));
    }
  }, [api, can]);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(work: () => Promise<unknown>) {
    try {
      await work();
      setError(null);
      await load();
    } catch (e) {
      setError(describeError(e));
    }
  }

  // The owner becomes an admin: the whole page (and every screen) must see the new role.
  function makeOwner(m: Member) {
    const who = m.name || m.email;
    if (!window.confirm(`Make ${who} the owner of ${workspace.name}? You will become an admin.`)) return;
    void act(async () => {
      await api.post('/workspace/transfer-ownership', { userId: m.userId });
      await reloadMe();
    });
  }

  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    try {
      setCreated(
        await api.post<CreatedInvitation>('/invitations', {
          role: form.get('role'),
          ...(email ? { email } : {}),
          expiresInDays: Number(form.get('days') ?? 7),
        }),
      );
      setError(null);
      await load();
    } catch (e) {
      setError(describeError(e));
    }
  }

  return (
    <main>
      <h1>Members of {workspace.name}</h1>
      <ErrorMessage error={error} />
      {members === null && !error ? <Loading /> : null}
      {members ? (
        <table className="table">
          <caption className="visually-hidden">Members and their roles</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {manage ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const editable = manage && m.role !== 'owner' && m.userId !== me.user.id && rank[role] >= rank[m.role];
              return (
                <tr key={m.userId}>
                  <td>{m.name}</td>
                  <td>{m.email}</td>
                  <td>
                    {editable ? (
                      <select
                        aria-label={`Role of ${m.name || m.email}`}
                        value={m.role}
                        onChange={(e) => void act(() => api.patch(`/members/${m.userId}`, { role: e.target.value }))}
                      >
                        {assignableRoles(role).map((r) => (
                          <option key={r}>{r}</option>
                        ))}
                      </select>
                    ) : (
                      m.role
                    )}
                  </td>
                  <td>{formatDate(m.joinedAt)}</td>
                  {manage ? (
                    <td>
                      {transfer && m.userId !== me.user.id ? (
                        <button type="button" className="ghost" onClick={() => makeOwner(m)}>
                          Make owner
                        </button>
                      ) : null}
                      {editable ? (
                        <button
                          type="button"
                          className="ghost danger"
                          onClick={() =>
                            window.confirm(`Remove ${m.name || m.email} from the workspace?`) &&
                            void act(() => api.del(`/members/${m.userId}`))
                          }
                        >
                          Remove
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}

      {can('invitation:manage') ? (
        <section aria-labelledby="invite-title">
          <h2 id="invite-title">Invite people</h2>
          <form onSubmit={invite} className="inline-form">
            <label>
              Role
              <select name="role" defaultValue="member" data-testid="invite-role">
                {assignableRoles(role).map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </label>
            <label>
              Email <span className="muted">(optional: only they can accept)</span>
              <input name="email" type="email" />
            </label>
            <label>
              Valid for
              <select name="days" defaultValue="7">
                <option value="1">1 day</option>
                <option value="7">7 days</option>
                <option value="30">30 days</option>
              </select>
            </label>
            <button type="submit" className="primary">
              Create invite link
            </button>
          </form>
          {created ? (
            <OneTimeSecret
              label={`Invite link (${created.role})`}
              value={`${window.location.origin}/invite/${created.token}`}
            />
          ) : null}
          <h3>Invitations</h3>
          {invitations?.length === 0 ? <EmptyState title="No invitations yet" /> : null}
          {invitations && invitations.length > 0 ? (
            <table className="table">
              <caption className="visually-hidden">Invitations</caption>
              <thead>
                <tr>
                  <th scope="col">Role</th>
                  <th scope="col">For</th>
                  <th scope="col">Status</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((inv) => (
                  <tr key={inv.id}>
                    <td>{inv.role}</td>
                    <td>{inv.email ?? 'Anyone with the link'}</td>
                    <td>{inv.status}</td>
                    <td>{formatDate(inv.expiresAt)}</td>
                    <td>
                      {inv.status === 'pending' ? (
                        <button
                          type="button"
                          className="ghost danger"
                          onClick={() => void act(() => api.post(`/invitations/${inv.id}/revoke`))}
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
        </section>
      ) : null}
      {role !== 'owner' ? (
        <section aria-labelledby="leave-title">
          <h2 id="leave-title">Leave</h2>
          <button
            type="button"
            className="danger"
            onClick={() =>
              window.confirm(`Leave ${workspace.name}?`) &&
              void api.post('/workspace/leave').then(
                () => window.location.assign('/w'),
                (e) => setError(describeError(e)),
              )
            }
          >
            Leave this workspace
          </button>
        </section>
      ) : null}
    </main>
  );
}
