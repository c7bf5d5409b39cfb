import { describe, expect, it } from 'vitest';
import { render, within } from '@testing-library/react';
import { DeleteAccountSection } from '@/ui/account/delete-account';
import { getAuth } from '../../src/api/auth';
import { navigations } from '../support/next-navigation';
import { api, as, screen, signedIn, userEvent, waitFor } from './render';

// The account page's "Delete account", against the real auth route (password check, the owner rule) and the API.

describe('deleting your account', () => {
  it('asks for the password, names the workspaces to hand over first, then deletes the account', async () => {
    const ada = await signedIn('Ada Deleting');
    history.replaceState(null, '', '/account');
    const user = userEvent.setup();
    render(<DeleteAccountSection />);
    expect(screen.getByRole('heading', { name: 'Delete account' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Delete my account…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete your account?' });

    await user.type(within(dialog).getByLabelText('Password'), 'not the password');
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('That password is not right.');

    // Right password, but Ada owns her first workspace: it is named, with where to transfer or delete it.
    await user.clear(within(dialog).getByLabelText('Password'));
    await user.type(within(dialog).getByLabelText('Password'), 'correct horse battery');
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account' }));
    await waitFor(() => expect(within(dialog).getByRole('alert').textContent).toMatch(/You own .* Transfer ownership/));
    const owned = within(dialog).getByRole('list', { name: 'Workspaces you own' });
    expect(within(owned).getByRole('link', { name: 'transfer ownership' }).getAttribute('href')).toBe(
      `/w/${ada.slug}/settings/members`,
    );
    expect(within(owned).getByRole('link', { name: 'delete the workspace' }).getAttribute('href')).toBe(
      `/w/${ada.slug}/settings`,
    );

    // She deletes the workspace, comes back and deletes the account.
    expect((await api(as(ada), 'DELETE', '/workspace', { confirm: ada.slug })).status).toBe(204);
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account' }));
    await waitFor(() => expect(navigations.at(-1)).toBe('/?account=deleted'));
    expect(await (await getAuth()).$context.then((c) => c.internalAdapter.findUserByEmail(ada.email))).toBeNull();
  });
});
