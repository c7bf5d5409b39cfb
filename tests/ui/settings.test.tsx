import { describe, expect, it, vi } from 'vitest';
import { within } from '@testing-library/react';
import { MembersPage } from '@/ui/settings/members';
import { TokensPage } from '@/ui/settings/tokens';
import { AuditPage, toCsv } from '@/ui/settings/audit';
import { WorkspaceSettingsPage } from '@/ui/settings/workspace';
import { navigations } from '../support/next-navigation';
import { signInAs } from '../support/ui-fetch';
import { api, as, renderPage, screen, signedIn, waitFor } from './render';

describe('workspace settings pages', () => {
  it('members: invite by link, change a role, revoke an invitation, remove a member', async () => {
    const ada = await signedIn();
    const bob = await signedIn('Bob Builder');
    signInAs(ada);
    const invite = (await api(as(ada), 'POST', '/invitations', { role: 'member' })).body;
    signInAs(bob);
    await api({ cookie: bob.cookie }, 'POST', '/invitations/accept', { token: invite.token });
    signInAs(ada);
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const { user } = await renderPage(ada, `/w/${ada.slug}/settings/members`, <MembersPage />);
    const bobRow = (await screen.findByText('Bob Builder')).closest('tr')!;
    await user.selectOptions(within(bobRow).getByLabelText('Role of Bob Builder'), 'viewer');
    await waitFor(async () =>
      expect(
        (await api(as(ada), 'GET', '/members')).body.data.find((m: { name: string }) => m.name === 'Bob Builder').role,
      ).toBe('viewer'),
    );
    await user.selectOptions(screen.getByTestId('invite-role'), 'admin');
    await user.type(screen.getByLabelText(/^Email/), 'carol@example.test');
    await user.click(screen.getByRole('button', { name: 'Create invite link' }));
    expect(((await screen.findByTestId('one-time-secret')) as HTMLInputElement).value).toMatch(/\/invite\/tinv_/);
    const pending = (await screen.findByText('carol@example.test')).closest('tr')!;
    await user.click(within(pending).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(within(pending).queryByRole('button', { name: 'Revoke' })).toBeNull());
    await user.click(within(bobRow).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(screen.queryByText('Bob Builder')).toBeNull());
    vi.restoreAllMocks();
  });

  it('tokens: create one (shown once), then revoke it', async () => {
    const ada = await signedIn();
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const { user } = await renderPage(ada, `/w/${ada.slug}/settings/tokens`, <TokensPage />);
    await screen.findByText('No API tokens yet');
    await user.type(screen.getByLabelText('Name'), 'ci');
    await user.selectOptions(screen.getByLabelText('Expires'), '0');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(((await screen.findByTestId('one-time-secret')) as HTMLInputElement).value).toMatch(/^tika_/);
    const row = (await screen.findByRole('cell', { name: 'ci' })).closest('tr')!;
    expect(within(row).getByText('Active')).toBeTruthy();
    await user.click(within(row).getByRole('button', { name: 'Revoke' }));
    await within(row).findByText('Revoked');
    vi.restoreAllMocks();
  });

  it('audit log: filters, older pages, CSV that a spreadsheet cannot execute', async () => {
    const ada = await signedIn();
    await api(as(ada), 'POST', '/boards', { name: 'Audited' });
    const { user } = await renderPage(ada, `/w/${ada.slug}/settings/audit`, <AuditPage />);
    await screen.findByRole('table');
    await user.selectOptions(screen.getByLabelText('Resource'), 'board');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(screen.getAllByRole('row').length).toBeGreaterThan(1));
    // Names and links, not UUIDs: "Ada Lovelace created board “Audited”", linked to the board.
    const link = await screen.findByRole('link', { name: 'board “Audited”' });
    expect(link.getAttribute('href')).toMatch(new RegExp(`/w/${ada.slug}/b/[0-9a-f-]{36}$`));
    expect(link.closest('td')!.textContent).toBe('created board “Audited”');
    expect(link.closest('tr')!.textContent).toContain('Ada Lovelace');
    const csv = toCsv([
      {
        id: '1',
        createdAt: '2026-01-01',
        actorType: 'user',
        actorId: 'u',
        action: 'CREATE',
        resourceType: 'board',
        resourceId: 'b',
        ip: null,
        userAgent: '=HYPERLINK("x")',
        requestId: null,
        changes: { before: null, after: { name: 'x' } },
      } as never,
    ]);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('workspace: rename and change the slug (the page follows), danger zone needs the slug typed', async () => {
    const ada = await signedIn();
    const { user } = await renderPage(ada, `/w/${ada.slug}/settings`, <WorkspaceSettingsPage />);
    const name = await screen.findByLabelText('Name');
    expect(screen.getByRole('button', { name: 'Delete this workspace' })).toHaveProperty('disabled', true);
    await user.type(screen.getByLabelText(/to confirm/), ada.slug);
    expect(screen.getByRole('button', { name: 'Delete this workspace' })).toHaveProperty('disabled', false);
    await user.clear(name);
    await user.type(name, 'Analytical Engines');
    const slug = screen.getByLabelText('URL name (slug)');
    await user.clear(slug);
    await user.type(slug, `engines-${Date.now()}`);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(navigations.at(-1)).toMatch(/\/w\/engines-\d+\/settings$/));
    expect((await api(as(ada), 'GET', '/workspace')).body.name).toBe('Analytical Engines');
  });

  it('a member sees what they may not do', async () => {
    const ada = await signedIn();
    const bob = await signedIn('Bob Viewer');
    signInAs(ada);
    const invite = (await api(as(ada), 'POST', '/invitations', { role: 'viewer' })).body;
    await api({ cookie: bob.cookie }, 'POST', '/invitations/accept', { token: invite.token });
    signInAs(bob);
    await renderPage({ slug: ada.slug }, `/w/${ada.slug}/settings/tokens`, <TokensPage />);
    expect(await screen.findByText('Only admins and owners manage API tokens.')).toBeTruthy();
  });
});
