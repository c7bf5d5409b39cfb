'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Role } from '@/shared/permissions';
import { describeError, type CreatedInvitation, type Invitation, type Member } from '../api';
import { data } from '../client';
import { useWorkspace } from '../app-shell';
import { assignableRoles } from '../permissions';
import {
  Avatar,
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

const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function MembersPage() {
  const { client: api, can, role, me, workspace, reloadMe } = useWorkspace();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[] | null>(null);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const manage = can('member:manage');
  const transfer = can('ownership:transfer');

  const load = useCallback(async () => {
    try {
      setMembers((await data(api.GET('/members'))).data);
      if (can('invitation:manage')) setInvitations((await data(api.GET('/invitations'))).data);
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
      await data(api.POST('/workspace/transfer-ownership', { body: { userId: m.userId } }));
      await reloadMe();
    });
  }

  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    try {
      setCreated(
        await data(
          api.POST('/invitations', {
            body: {
              // The select offers the roles this user may grant; the server checks it again.
              role: form.get('role') as Exclude<Role, 'owner'>,
              ...(email ? { email } : {}),
              expiresInDays: Number(form.get('days') ?? 7),
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

  return (
    <Page>
      <PageHeader title="Members" description={`People in ${workspace.name} and what they may do.`} />
      <ErrorMessage error={error} />
      {members === null && !error ? <Loading /> : null}
      {members ? (
        <Table caption="Members and their roles">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Email</Th>
              <Th>Role</Th>
              <Th>Joined</Th>
              {manage ? (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const editable = manage && m.role !== 'owner' && m.userId !== me.user.id && rank[role] >= rank[m.role];
              return (
                <tr key={m.userId}>
                  <Td>
                    <span className="flex items-center gap-2 font-medium">
                      <Avatar name={m.name || m.email} size="sm" />
                      {m.name}
                    </span>
                  </Td>
                  <Td>{m.email}</Td>
                  <Td>
                    {editable ? (
                      <Select
                        className="h-8 w-auto"
                        aria-label={`Role of ${m.name || m.email}`}
                        value={m.role}
                        onChange={(e) =>
                          void act(() =>
                            data(
                              api.PATCH('/members/{userId}', {
                                params: { path: { userId: m.userId } },
                                body: { role: e.target.value as Exclude<Role, 'owner'> },
                              }),
                            ),
                          )
                        }
                      >
                        {assignableRoles(role).map((r) => (
                          <option key={r}>{r}</option>
                        ))}
                      </Select>
                    ) : (
                      m.role
                    )}
                  </Td>
                  <Td>{formatDate(m.joinedAt)}</Td>
                  {manage ? (
                    <Td>
                      {transfer && m.userId !== me.user.id ? (
                        <Button size="sm" variant="ghost" onClick={() => makeOwner(m)}>
                          Make owner
                        </Button>
                      ) : null}
                      {editable ? (
                        <Button
                          size="sm"
                          variant="danger-ghost"
                          onClick={() =>
                            window.confirm(`Remove ${m.name || m.email} from the workspace?`) &&
                            void act(() =>
                              data(api.DELETE('/members/{userId}', { params: { path: { userId: m.userId } } })),
                            )
                          }
                        >
                          Remove
                        </Button>
                      ) : null}
                    </Td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </Table>
      ) : null}

      {can('invitation:manage') ? (
        <Section title="Invite people" id="invite-title" className="mt-6">
          <form onSubmit={(event) => void invite(event)} className="flex flex-wrap items-end gap-3">
            <Field label="Role" className="w-32">
              <Select name="role" defaultValue="member" data-testid="invite-role">
                {assignableRoles(role).map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </Select>
            </Field>
            <Field label="Email" hint="(optional: only they can accept)" className="min-w-56 flex-1">
              <Input name="email" type="email" />
            </Field>
            <Field label="Valid for" className="w-32">
              <Select name="days" defaultValue="7">
                <option value="1">1 day</option>
                <option value="7">7 days</option>
                <option value="30">30 days</option>
              </Select>
            </Field>
            <Button type="submit" variant="primary">
              Create invite link
            </Button>
          </form>
          {created ? (
            <OneTimeSecret
              label={`Invite link (${created.role})`}
              value={`${window.location.origin}/invite/${created.token}`}
            />
          ) : null}
          <h3 className="mt-6 mb-3">Invitations</h3>
          {invitations?.length === 0 ? <EmptyState title="No invitations yet" /> : null}
          {invitations && invitations.length > 0 ? (
            <Table caption="Invitations">
              <thead>
                <tr>
                  <Th>Role</Th>
                  <Th>For</Th>
                  <Th>Status</Th>
                  <Th>Expires</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((inv) => (
                  <tr key={inv.id}>
                    <Td>{inv.role}</Td>
                    <Td>{inv.email ?? 'Anyone with the link'}</Td>
                    <Td>
                      <Badge tone={inv.status === 'pending' ? 'accent' : 'neutral'}>{inv.status}</Badge>
                    </Td>
                    <Td>{formatDate(inv.expiresAt)}</Td>
                    <Td>
                      {inv.status === 'pending' ? (
                        <Button
                          size="sm"
                          variant="danger-ghost"
                          onClick={() =>
                            void act(() =>
                              data(
                                api.POST('/invitations/{invitationId}/revoke', {
                                  params: { path: { invitationId: inv.id } },
                                }),
                              ),
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
        </Section>
      ) : null}
      {role !== 'owner' ? (
        <Section title="Leave" id="leave-title" tone="danger">
          <Button
            variant="danger"
            onClick={() =>
              window.confirm(`Leave ${workspace.name}?`) &&
              void data(api.POST('/workspace/leave')).then(
                () => window.location.assign('/w'),
                (e) => setError(describeError(e)),
              )
            }
          >
            Leave this workspace
          </Button>
        </Section>
      ) : null}
    </Page>
  );
}
