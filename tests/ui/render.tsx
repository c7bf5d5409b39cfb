import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { beforeAll } from 'vitest';
import { warmUp } from '../support/fixtures';
import { AppShell } from '@/ui/app-shell';
import { api, as, signUp, type TestUser } from '../support/api';
import { signInAs } from '../support/ui-fetch';

export { api, as, screen, userEvent, waitFor };

// The embedded database starts (and migrates) once per file, before the first test's clock runs.
beforeAll(warmUp, 120_000);

/** A fresh user (owner of a fresh workspace), signed in in the "browser". */
export async function signedIn(name = 'Ada Lovelace'): Promise<TestUser & { slug: string }> {
  const user = await signUp(name);
  signInAs(user);
  const me = await api({ cookie: user.cookie }, 'GET', '/me');
  return { ...user, slug: me.body.workspaces[0].slug };
}

/** A workspace page as the app renders it: inside the shell (top bar, navigation, workspace context). */
export async function renderPage(user: { slug: string }, path: string, page: ReactNode) {
  history.replaceState(null, '', path);
  const result = render(<AppShell workspace={user.slug}>{page}</AppShell>);
  await screen.findByRole('navigation', { name: 'Workspace' });
  return { ...result, user: userEvent.setup() };
}
