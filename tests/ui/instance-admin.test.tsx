import { afterEach, describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { AppShell } from '@/ui/app-shell';
import { AuthForm } from '@/ui/auth-forms';
import { resetEnv } from '../../src/server/env';
import { navigations } from '../support/next-navigation';
import { signInAs } from '../support/ui-fetch';
import { api, as, screen, signedIn, userEvent, waitFor } from './render';

// Instance administration in the app, against the real auth route and /api/v1: the shell links instance admins to
// the operations page; on a closed instance the sign-up page says why it refuses, and an invitation still works.

afterEach(() => {
  delete process.env.TIKA_ADMIN_EMAILS;
  delete process.env.TIKA_SIGN_UP;
  resetEnv();
});

async function accountMenu(slug: string) {
  const user = userEvent.setup();
  const view = render(
    <AppShell workspace={slug}>
      <p>inside</p>
    </AppShell>,
  );
  await user.click(await screen.findByRole('button', { name: /^Account:/ }));
  await screen.findByRole('menuitem', { name: 'Sign out' });
  return view;
}

describe('the app shell', () => {
  it('links an instance admin to the operations and background jobs pages, and nobody else', async () => {
    const admin = await signedIn('Instance Admin');
    process.env.TIKA_ADMIN_EMAILS = admin.email;
    resetEnv();
    const asAdmin = await accountMenu(admin.slug);
    expect(screen.getByRole('menuitem', { name: 'Instance operations' }).getAttribute('href')).toBe(
      '/admin/operations',
    );
    expect(screen.getByRole('menuitem', { name: 'Background jobs' }).getAttribute('href')).toBe('/admin/jobs');
    asAdmin.unmount();

    const member = await signedIn('Just A Member');
    await accountMenu(member.slug);
    expect(screen.queryByRole('menuitem', { name: 'Instance operations' })).toBeNull();
    expect(screen.queryByRole('menuitem', { name: 'Background jobs' })).toBeNull();
  });
});

describe('sign-up on a closed instance', () => {
  async function signUpThrough(path: string, email: string) {
    signInAs(null);
    history.replaceState(null, '', path);
    const user = userEvent.setup();
    const view = render(<AuthForm mode="sign-up" />);
    await user.type(screen.getByLabelText('Email'), email);
    await user.type(screen.getByLabelText('Password'), 'a long password');
    await user.click(screen.getByRole('button', { name: 'Sign up' }));
    return view;
  }

  it('says it takes no sign-ups; from an invitation link it creates the account and returns to the invitation', async () => {
    const owner = await signedIn('Owner');
    const invitation = (await api(as(owner), 'POST', '/invitations', { role: 'member' })).body as { token: string };
    process.env.TIKA_SIGN_UP = 'closed';
    resetEnv();

    const refused = await signUpThrough('/sign-up', `closed-${Date.now()}@example.test`);
    expect((await screen.findByRole('alert')).textContent).toMatch(/does not take new sign-ups.*invitation/);
    refused.unmount();

    const back = `/invite/${invitation.token}`;
    await signUpThrough(`/sign-up?next=${encodeURIComponent(back)}`, `invited-${Date.now()}@example.test`);
    await waitFor(() => expect(screen.queryByRole('alert')?.textContent ?? navigations.at(-1)).toBe(back));
  });
});
