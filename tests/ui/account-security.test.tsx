import { describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { AccountSecurity } from '@/ui/account/account-security';
import { TwoFactorChallenge } from '@/ui/account/two-factor-challenge';
import { navigations } from '../support/next-navigation';
import { totpCode, wrongCode } from '../support/totp';
import { pageFetch, signInAs } from '../support/ui-fetch';
import { screen, signedIn, userEvent, waitFor } from './render';

// The account page and the second step of signing in, on the design system, against the real auth route
// (better-auth's two-factor plugin, its session list): the codes are computed from the otpauth URI as an
// authenticator app computes them (tests/support/totp.ts).

const password = 'correct horse battery';
const within = (name: string) => screen.getByRole('region', { name });

async function enrol() {
  const ada = await signedIn();
  const user = userEvent.setup();
  render(<AccountSecurity next={`/w/${ada.slug}`} />);
  expect(await screen.findByRole('heading', { name: 'Your account', level: 1 })).toBeTruthy();
  expect(screen.getByRole('link', { name: 'Continue where you were' }).getAttribute('href')).toBe(`/w/${ada.slug}`);
  const section = await screen.findByRole('region', { name: 'Two-factor authentication' });
  expect(section.querySelector('[role="status"]')?.textContent).toContain('Off');
  await user.type(screen.getByLabelText('Your password'), password);
  await user.click(screen.getByRole('button', { name: 'Set up two-factor authentication' }));
  const secret = (await screen.findByTestId('totp-secret')).textContent!.trim();
  expect(screen.getByRole('img', { name: 'QR code of the authenticator secret' }).querySelector('svg')).toBeTruthy();
  const backupCodes = [...screen.getByTestId('backup-codes').querySelectorAll('li')].map((li) => li.textContent!);
  expect(backupCodes.length).toBeGreaterThanOrEqual(8);
  const uri = `otpauth://totp/Tika?secret=${secret}`;
  const code = screen.getByLabelText('Code from the app');
  await user.type(code, wrongCode(uri));
  await user.click(screen.getByRole('button', { name: 'Turn on two-factor authentication' }));
  expect((await screen.findByRole('alert')).textContent).toContain('That code is not right');
  await user.clear(code);
  await user.type(code, totpCode(uri));
  await user.click(screen.getByRole('button', { name: 'Turn on two-factor authentication' }));
  await waitFor(() =>
    expect(within('Two-factor authentication').querySelector('[role="status"]')?.textContent).toContain('On:'),
  );
  return { ada, user, uri, backupCodes };
}

describe('account page', () => {
  it('turns two-factor authentication on (a wrong code refused), makes new backup codes, turns it off', async () => {
    const { user } = await enrol();
    expect(screen.getByText(/Two-factor authentication is on/)).toBeTruthy();
    const renew = screen.getByRole('form', { name: 'New backup codes' });
    await user.type(renew.querySelector('input[name="password"]')!, password);
    await user.click(screen.getByRole('button', { name: /Make new backup codes/ }));
    expect((await screen.findByTestId('backup-codes')).querySelectorAll('li').length).toBeGreaterThanOrEqual(8);
    const off = screen.getByRole('form', { name: 'Turn off two-factor authentication' });
    await user.type(off.querySelector('input[name="password"]')!, 'not the password');
    await user.click(screen.getByRole('button', { name: 'Turn off two-factor authentication' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/password is not right/);
    await user.clear(off.querySelector('input[name="password"]')!);
    await user.type(off.querySelector('input[name="password"]')!, password);
    await user.click(screen.getByRole('button', { name: 'Turn off two-factor authentication' }));
    await waitFor(() =>
      expect(within('Two-factor authentication').querySelector('[role="status"]')?.textContent).toContain('Off:'),
    );
  });

  it('lists the sessions with this browser marked, and signs out the others', async () => {
    const ada = await signedIn();
    // A second session of the same account (another device).
    const other = await pageFetch('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/120' },
      body: JSON.stringify({ email: ada.email, password }),
    });
    expect(other.ok).toBe(true);
    signInAs(ada);
    const user = userEvent.setup();
    render(<AccountSecurity />);
    const list = await screen.findByRole('list', { name: 'Active sessions' });
    await waitFor(() => expect(list.querySelectorAll('[data-testid="session"]').length).toBe(2));
    expect(list.textContent).toContain('(this browser)');
    expect(screen.getByRole('link', { name: 'Back to Tika' }).getAttribute('href')).toBe('/w');
    await user.click(screen.getByRole('button', { name: 'Sign out all other sessions' }));
    await waitFor(() => expect(list.querySelectorAll('[data-testid="session"]').length).toBe(1));
    expect(list.textContent).toContain('(this browser)');
  });
});

describe('two-factor challenge', () => {
  it('a wrong code is refused in words; a backup code completes the sign-in and goes where the user was going', async () => {
    const { ada, uri, backupCodes } = await enrol();
    signInAs(null);
    const started = await pageFetch('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ada.email, password }),
    });
    expect(((await started.json()) as { twoFactorRedirect?: boolean }).twoFactorRedirect).toBe(true);
    cleanup();
    const user = userEvent.setup();
    render(<TwoFactorChallenge next={`/w/${ada.slug}/settings`} />);
    expect(screen.getByRole('heading', { name: 'Two-factor authentication', level: 1 })).toBeTruthy();
    await user.type(screen.getByLabelText('Authentication code'), wrongCode(uri));
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toContain('That code is not right');
    await user.click(screen.getByRole('button', { name: 'Use a backup code instead' }));
    await user.type(screen.getByLabelText('Backup code'), backupCodes[0]!);
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(navigations.at(-1)).toBe(`/w/${ada.slug}/settings`));
  });
});
