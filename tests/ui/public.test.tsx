import { describe, expect, it } from 'vitest';
import { render, within } from '@testing-library/react';
import { Landing } from '@/ui/landing';
import { SelfHostPage } from '@/ui/self-host';
import { ApiReference } from '@/ui/api-reference';
import { AuthForm } from '@/ui/auth-forms';
import { InvitePage } from '@/ui/invite-page';
import { WorkspaceRedirect } from '@/ui/app-shell';
import { openApiDocument } from '@/api/openapi';
import { navigations } from '../support/next-navigation';
import { resetAuth } from '../../src/server/auth/auth';
import { resetEnv } from '../../src/server/env';
import { signUp, verifyEmail } from '../support/api';
import { startSmtpReceiver } from '../support/smtp-receiver';
import { signInAs } from '../support/ui-fetch';
import { api, as, screen, signedIn, userEvent, waitFor } from './render';

describe('public pages', () => {
  it('the landing page says what Tika is and links to sign-up and self-hosting, not to health checks', () => {
    render(<Landing />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toMatch(/kanban/i);
    expect(screen.getByRole('link', { name: 'Create a free account' }).getAttribute('href')).toBe('/sign-up');
    expect(screen.getAllByRole('link', { name: /Self-host/ })[0]!.getAttribute('href')).toBe('/self-host');
    expect(document.querySelector('a[href^="/api/health"]')).toBeNull();
  });

  it('the self-host page carries the commands and the operator endpoints', () => {
    render(<SelfHostPage />);
    expect(screen.getByText(/docker compose -f docker-compose.production.yml up -d/)).toBeTruthy();
    expect(screen.getByRole('link', { name: '/api/health/ready' })).toBeTruthy();
  });

  it('the API reference lists every operation of the OpenAPI document', () => {
    render(<ApiReference document={openApiDocument()} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('Tika');
    expect(document.querySelectorAll('details.op').length).toBeGreaterThan(20);
  });

  it('sign-up creates an account and goes on; a wrong password on sign-in is said plainly', async () => {
    signInAs(null);
    history.replaceState(null, '', '/sign-up?next=/w');
    const user = userEvent.setup();
    const { unmount } = render(<AuthForm mode="sign-up" />);
    const email = `ui-${Date.now()}@example.test`;
    await user.type(screen.getByLabelText('Name'), 'Grace Hopper');
    await user.type(screen.getByLabelText('Email'), email);
    await user.type(screen.getByLabelText('Password'), 'a long password');
    await user.click(screen.getByRole('button', { name: 'Sign up' }));
    await waitFor(() => expect(screen.queryByRole('alert')?.textContent ?? navigations.at(-1)).toBe('/w'));
    unmount();
    signInAs(null);
    history.replaceState(null, '', '/sign-in');
    render(<AuthForm mode="sign-in" />);
    await user.type(screen.getByLabelText('Email'), email);
    await user.type(screen.getByLabelText('Password'), 'not the password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('That email and password do not match an account.')).toBeTruthy();
  });

  // Sign-up answers a registered address like a new one and opens no session (issue #12); the form then signs in
  // with the password just typed, which only the account's owner knows.
  async function signUpThroughForm(email: string, password: string) {
    signInAs(null);
    history.replaceState(null, '', '/sign-up?next=/w');
    const user = userEvent.setup();
    const view = render(<AuthForm mode="sign-up" />);
    await user.type(screen.getByLabelText('Email'), email);
    await user.type(screen.getByLabelText('Password'), password);
    await user.click(screen.getByRole('button', { name: 'Sign up' }));
    return view;
  }

  it('sign-up with an address that has an account: nobody is signed in, and the form says what to do', async () => {
    const owner = await signUp('Already Registered');
    const before = navigations.length;
    await signUpThroughForm(owner.email, 'a different long password');
    expect((await screen.findByRole('alert')).textContent).toMatch(/already has an account, sign in or reset/);
    expect(navigations.length).toBe(before);
  });

  it('with AUTH_REQUIRE_EMAIL_VERIFICATION on, sign-up says to check the email and signs nobody in', async () => {
    const smtp = await startSmtpReceiver();
    Object.assign(process.env, { AUTH_REQUIRE_EMAIL_VERIFICATION: 'on', SMTP_URL: smtp.url });
    resetEnv();
    resetAuth();
    try {
      const before = navigations.length;
      const email = `ui-verify-${Date.now()}@example.test`;
      await signUpThroughForm(email, 'a long password');
      expect((await screen.findByRole('status')).textContent).toContain(
        `If ${email} can be used, a link to confirm it`,
      );
      expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/sign-in?next=%2Fw');
      expect(navigations.length).toBe(before);
    } finally {
      delete process.env.AUTH_REQUIRE_EMAIL_VERIFICATION;
      delete process.env.SMTP_URL;
      resetEnv();
      resetAuth();
      await smtp.close();
    }
  });

  it('the server-rendered sign-in form cannot be submitted before hydration (no native GET with the password)', async () => {
    const { renderToString } = await import('react-dom/server');
    history.replaceState(null, '', '/sign-in');
    const html = renderToString(<AuthForm mode="sign-in" />);
    expect(html).toMatch(/<form[^>]*method="post"/);
    expect(html).toMatch(/<button[^>]*type="submit"[^>]*disabled=""|<button[^>]*disabled=""[^>]*type="submit"/);
    render(<AuthForm mode="sign-in" />);
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('an invitation: signed out it offers sign-up, signed in it accepts and goes to the workspace', async () => {
    const ada = await signedIn();
    const invite = (await api(as(ada), 'POST', '/invitations', { role: 'member' })).body;
    signInAs(null);
    const { unmount } = render(<InvitePage token={invite.token} />);
    expect(await screen.findByText(/Sign in or create an account to accept/)).toBeTruthy();
    unmount();
    await signedIn('Bob');
    render(<InvitePage token={invite.token} />);
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Accept the invitation' }));
    await waitFor(() => expect(navigations.at(-1)).toBe(`/w/${ada.slug}`));
  });

  it('bug 4: a used, revoked, unknown or not-yet-verified invitation offers no Accept button and says why', async () => {
    const ada = await signedIn();
    const used = (await api(as(ada), 'POST', '/invitations', { role: 'member' })).body;
    const revoked = (await api(as(ada), 'POST', '/invitations', { role: 'viewer' })).body;
    await api(as(ada), 'POST', `/invitations/${revoked.id}/revoke`);
    const bob = await signedIn('Bob');
    await api({ cookie: bob.cookie }, 'POST', '/invitations/accept', { token: used.token });
    const carol = await signedIn('Carol');
    for (const [token, text] of [
      [used.token, 'This invitation has already been used.'],
      [revoked.token, 'This invitation was revoked.'],
      ['tinv_unknown0000000000000000000000000000', 'This invitation does not exist'],
    ] as const) {
      const { unmount } = render(<InvitePage token={token} />);
      expect(await screen.findByText(new RegExp(text))).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Accept the invitation' })).toBeNull();
      unmount();
    }
    // The invitee who already joined is told so, with a way in.
    signInAs(bob);
    const fresh = (await api(as(ada), 'POST', '/invitations', { role: 'member' })).body;
    const { unmount } = render(<InvitePage token={fresh.token} />);
    expect(await screen.findByText(/You are already a member of/)).toBeTruthy();
    expect(screen.getByRole('link', { name: /^Open / })).toBeTruthy();
    unmount();
    // Bound to Carol's address, which she has not verified: no Accept (accepting would answer 403) until she has.
    signInAs(carol);
    const forCarol = (await api(as(ada), 'POST', '/invitations', { role: 'member', email: carol.email })).body;
    const first = render(<InvitePage token={forCarol.token} />);
    expect(await screen.findByText(/which is not verified yet/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Accept the invitation' })).toBeNull();
    first.unmount();
    await verifyEmail(carol);
    render(<InvitePage token={forCarol.token} />);
    expect(await screen.findByRole('button', { name: 'Accept the invitation' })).toBeTruthy();
  });

  it('/w goes to the first workspace', async () => {
    const ada = await signedIn();
    render(<WorkspaceRedirect />);
    await waitFor(() => expect(navigations.at(-1)).toBe(`/w/${ada.slug}`));
  });
});

describe('the shell', () => {
  it('has a workspace menu, an account menu with sign-out, a theme switch, and says when a workspace is not yours', async () => {
    const { AppShell } = await import('@/ui/app-shell');
    const ada = await signedIn();
    history.replaceState(null, '', `/w/${ada.slug}`);
    const user = userEvent.setup();
    const { unmount } = render(
      <AppShell workspace={ada.slug}>
        <p>inside</p>
      </AppShell>,
    );
    await screen.findByText('inside');
    await user.click(screen.getByRole('button', { name: /^Theme/ }));
    await user.click(await screen.findByRole('menuitemradio', { name: 'Dark' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(document.cookie).toContain('tika-theme=dark');
    await user.click(screen.getByRole('button', { name: /^Workspace:/ }));
    await user.click(await screen.findByRole('menuitem', { name: /New workspace/ }));
    const dialog = await screen.findByRole('dialog', { name: 'New workspace' });
    await user.type(within(dialog).getByLabelText('Workspace name'), 'Second');
    await user.click(within(dialog).getByRole('button', { name: 'Create workspace' }));
    await waitFor(() => expect(navigations.at(-1)).toMatch(/^\/w\/second/));
    await user.click(screen.getByRole('button', { name: /^Account:/ }));
    await user.click(await screen.findByRole('menuitem', { name: 'Sign out' }));
    await waitFor(() => expect(navigations).toContain('/sign-in'));
    unmount();
    // Signing out ended Ada's session everywhere (the API refuses its cookie at once): someone else looks next.
    await signedIn('Bob');
    render(
      <AppShell workspace="not-mine">
        <p>inside</p>
      </AppShell>,
    );
    expect(await screen.findByText('Workspace not found')).toBeTruthy();
  });
});
