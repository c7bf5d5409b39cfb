import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { resetAuth } from '../../src/server/auth/auth';
import { resetEnv } from '../../src/server/env';
import { drainMailOutbox } from '../../src/server/mail';
import { ForgotPassword } from '@/ui/account/forgot-password';
import { ResetPassword } from '@/ui/account/reset-password';
import { VerifyEmail } from '@/ui/account/verify-email';
import { VerifyEmailBanner, VerifyEmailButton } from '@/ui/account/verify-banner';
import { AppShell } from '@/ui/app-shell';
import { tokenFrom } from '../support/auth-http';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver';
import { signInAs } from '../support/ui-fetch';
import { screen, signedIn, userEvent, waitFor } from './render';

// The account pages in the design system, against the real auth route (CSRF, limits, problem+json), the mail
// queue and a real SMTP server: each test follows the link from the mail it received, as the browser suite does.

let smtp: SmtpReceiver;
const saved = { ...process.env };
beforeAll(async () => {
  smtp = await startSmtpReceiver();
  process.env.SMTP_URL = smtp.url;
  resetEnv();
  resetAuth();
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnv();
  resetAuth();
  await smtp.close();
});

async function mailTo(to: string, subject: RegExp) {
  await drainMailOutbox();
  return smtp.waitFor((m) => m.to.includes(to.toLowerCase()) && subject.test(m.subject));
}

describe('email verification', () => {
  it('the shell shows the banner until the address is confirmed; a new link arrives and confirms it once', async () => {
    const ada = await signedIn();
    history.replaceState(null, '', `/w/${ada.slug}`);
    const user = userEvent.setup();
    const shell = render(
      <AppShell workspace={ada.slug}>
        <p>inside</p>
      </AppShell>,
    );
    const banner = await screen.findByRole('region', { name: 'Address confirmation' });
    expect(banner.textContent).toContain(`we sent a link to ${ada.email}`);
    await user.click(screen.getByRole('button', { name: 'Send a new link' }));
    expect((await screen.findByRole('status')).textContent).toBe('A new link is on its way.');
    const token = tokenFrom((await mailTo(ada.email, /Confirm your email address/)).links, '/verify-email');
    shell.unmount();

    const landing = render(<VerifyEmail token={token} />);
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Your email address is confirmed.'), {
      timeout: 30_000,
    });
    expect(screen.getByRole('link', { name: 'Continue to Tika' }).getAttribute('href')).toBe('/w');
    landing.unmount();
    // The browser's session (refreshed by the confirmation) now says verified: the shell has no banner any more.
    const again = render(
      <AppShell workspace={ada.slug}>
        <p>inside</p>
      </AppShell>,
    );
    await screen.findByText('inside');
    expect(screen.queryByRole('region', { name: 'Address confirmation' })).toBeNull();
    again.unmount();

    // Used once: the same link again is refused in words, with the way to a new one.
    render(<VerifyEmail token={`${token.slice(0, -2)}xx`} />);
    expect((await screen.findByRole('alert')).textContent).toContain('This link is not valid any more');
    expect(screen.getByRole('link', { name: 'go to the sign-in page' })).toBeTruthy();
  });

  it("on a phone the header's button opens the same notice, with the same resend", async () => {
    const ada = await signedIn();
    const user = userEvent.setup();
    const { unmount } = render(<VerifyEmailButton email={ada.email} verified={false} />);
    await user.click(screen.getByRole('button', { name: 'Confirm your email address' }));
    const notice = await screen.findByRole('region', { name: 'Address confirmation' });
    expect(notice.textContent).toContain(`we sent a link to ${ada.email}`);
    await user.click(screen.getByRole('button', { name: 'Send a new link' }));
    expect((await screen.findByRole('status')).textContent).toBe('A new link is on its way.');
    await mailTo(ada.email, /Confirm your email address/);
    unmount();
    const { container } = render(<VerifyEmailButton email={ada.email} verified />);
    expect(container.textContent).toBe('');
  });

  it('a link without a token says so; a confirmed address has no banner', () => {
    const { unmount } = render(<VerifyEmail token={null} />);
    expect(screen.getByRole('alert').textContent).toContain('This link has no token');
    unmount();
    const { container } = render(<VerifyEmailBanner email="ada@example.test" verified />);
    expect(container.textContent).toBe('');
  });
});

describe('forgot and reset password', () => {
  it('mails a link; the new password must be typed twice alike, is set once, and the link is then refused', async () => {
    const ada = await signedIn();
    signInAs(null);
    const user = userEvent.setup();
    const forgot = render(<ForgotPassword />);
    await user.type(screen.getByLabelText('Email'), ada.email);
    await user.click(screen.getByRole('button', { name: 'Send me a link' }));
    expect((await screen.findByRole('status')).textContent).toContain(`If an account exists for ${ada.email}`);
    forgot.unmount();
    const token = tokenFrom((await mailTo(ada.email, /Reset your Tika password/)).links, '/reset-password');

    const reset = render(<ResetPassword token={token} />);
    await user.type(screen.getByLabelText('New password'), 'a fresh ui password');
    await user.type(screen.getByLabelText('Repeat the new password'), 'a different one');
    await user.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The two passwords are not the same.');
    await user.clear(screen.getByLabelText('Repeat the new password'));
    await user.type(screen.getByLabelText('Repeat the new password'), 'a fresh ui password');
    await user.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect((await screen.findByRole('status', {}, { timeout: 30_000 })).textContent).toContain(
      'Your new password is set',
    );
    reset.unmount();

    render(<ResetPassword token={token} />);
    await user.type(screen.getByLabelText('New password'), 'an attacker password');
    await user.type(screen.getByLabelText('Repeat the new password'), 'an attacker password');
    await user.click(screen.getByRole('button', { name: 'Set the new password' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('This link is not valid any more'));
    expect(screen.getByRole('link', { name: 'Ask for a new link' }).getAttribute('href')).toBe('/forgot-password');
  });

  it('a reset page without a token says so and cannot be submitted', () => {
    render(<ResetPassword token={null} />);
    expect(screen.getByRole('alert').textContent).toContain('This link has no token');
    expect((screen.getByRole('button', { name: 'Set the new password' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
