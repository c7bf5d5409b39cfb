import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, within } from '@testing-library/react';
import { deliverWebhookJob } from '@/modules/webhooks';
import { JobsAdminPage } from '@/ui/admin/jobs-page';
import { resetEnv } from '../../src/server/env';
import { probeJob, runQueuedJobs } from '../../src/server/jobs';
import { api, as, screen, signedIn, userEvent, waitFor } from './render';

// The instance admins' jobs page (/admin/jobs), rendered against the real /api/admin/jobs handlers and the real
// queue on PGlite (pg-boss), with the session cookie: every kind of job with its counts, a kind's latest jobs,
// the latest failures, "Run now" and "Retry dead" — and nothing for anyone else.

afterEach(() => {
  delete process.env.TIKA_ADMIN_EMAILS;
  resetEnv();
  vi.restoreAllMocks();
});

function adminIs(email: string) {
  process.env.TIKA_ADMIN_EMAILS = email;
  resetEnv();
}

async function openPage() {
  history.replaceState(null, '', '/admin/jobs');
  render(<JobsAdminPage />);
  return userEvent.setup();
}

const kindRow = async (name: string) => (await screen.findByRole('button', { name })).closest('tr')!;
const cells = (row: HTMLElement) => [...row.querySelectorAll('td')].map((td) => td.textContent);

describe('the jobs page', () => {
  it('shows someone who is not an instance admin no queue, only that the page is not theirs', async () => {
    await signedIn('Not The Admin');
    adminIs('someone-else@example.test');
    await openPage();
    expect(await screen.findByText("This page is for the instance's administrators.")).toBeTruthy();
    expect(screen.getByText('TIKA_ADMIN_EMAILS')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Run now' })).toBeNull();
  });

  it('lists every kind of job with its schedule and counts; runs one now and shows it among its latest jobs', async () => {
    const admin = await signedIn('Jobs Admin');
    adminIs(admin.email);
    const user = await openPage();
    const table = await screen.findByRole('table', { name: 'Kinds of background jobs' });
    for (const name of ['system.probe', 'mail.send', 'webhooks.deliver', 'reminders.due-dates'])
      expect(within(table).getByRole('button', { name })).toBeTruthy();
    const reminders = await kindRow('reminders.due-dates');
    expect(within(reminders).getByText(/^0 7 \* \* \* \(/)).toBeTruthy();
    expect(within(reminders).getByText(/Notifies assignees/)).toBeTruthy();
    // Kinds that need data (one mail, one delivery) cannot be run from here.
    expect(within(await kindRow('mail.send')).getByText('on demand')).toBeTruthy();
    expect(within(await kindRow('mail.send')).queryByRole('button', { name: 'Run now' })).toBeNull();
    expect(screen.getByText(/This process runs as TIKA_ROLE=/)).toBeTruthy();

    const probe = await kindRow('system.probe');
    const queuedBefore = Number(cells(probe)[3]);
    await user.click(within(probe).getByRole('button', { name: 'Run now' }));
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toMatch(/^system\.probe queued \([0-9a-f-]{36}\)$/);
    const id = /\(([0-9a-f-]{36})\)/.exec(notice.textContent!)![1]!;
    await waitFor(async () => expect(Number(cells(await kindRow('system.probe'))[3])).toBe(queuedBefore + 1));

    // The kind's latest jobs: the one just queued, then done once a worker ran it.
    await user.click(screen.getByRole('button', { name: 'system.probe' }));
    const runs = await screen.findByRole('table', { name: 'Latest system.probe jobs' });
    expect(within(runs).getByText(id).closest('tr')!.textContent).toContain('queued');
    await runQueuedJobs(probeJob);
    await user.click(screen.getByRole('button', { name: 'Close' }));
    await user.click(screen.getByRole('button', { name: 'system.probe' }));
    const after = await screen.findByRole('table', { name: 'Latest system.probe jobs' });
    await waitFor(() => expect(within(after).getByText(id).closest('tr')!.textContent).toContain('completed'));
  });

  it('shows a dead job among the latest failures with its error, and retries it', async () => {
    const admin = await signedIn('Jobs Admin Two');
    adminIs(admin.email);
    // A delivery whose webhook is deleted before it is sent: the job fails for good (dead-lettered).
    const hook = (await api(as(admin), 'POST', '/webhooks', { url: 'https://example.com/hook', events: ['*'] })).body;
    expect((await api(as(admin), 'POST', `/webhooks/${hook.id}/test`)).status).toBe(201);
    expect((await api(as(admin), 'DELETE', `/webhooks/${hook.id}`)).status).toBe(204);
    expect(await runQueuedJobs(deliverWebhookJob)).toMatchObject({ dead: 1 });

    const user = await openPage();
    const failures = await screen.findByRole('table', { name: 'Latest failures' });
    const failure = within(failures).getByText('the delivery or its webhook was deleted').closest('tr')!;
    expect(within(failure).getByText('webhooks.deliver')).toBeTruthy();
    expect(within(failure).getByText('dead')).toBeTruthy();
    const deliver = await kindRow('webhooks.deliver');
    const dead = Number(cells(deliver)[5]);
    expect(dead).toBeGreaterThanOrEqual(1);

    await user.click(within(deliver).getByRole('button', { name: `Retry ${dead} dead` }));
    expect((await screen.findByRole('status')).textContent).toBe(
      `${dead} webhooks.deliver job(s) queued for another attempt`,
    );
    await waitFor(async () =>
      expect(within(await kindRow('webhooks.deliver')).queryByRole('button', { name: /^Retry/ })).toBeNull(),
    );
    expect(Number(cells(await kindRow('webhooks.deliver'))[3])).toBeGreaterThanOrEqual(1); // queued again
  });

  it('says in words when an action fails, and keeps the page', async () => {
    const admin = await signedIn('Jobs Admin Three');
    adminIs(admin.email);
    const user = await openPage();
    const probe = await kindRow('system.probe');
    // The server cannot be reached for this click (the network is down, say).
    vi.spyOn(globalThis, 'fetch').mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await user.click(within(probe).getByRole('button', { name: 'Run now' }));
    expect(await screen.findByText('Could not reach Tika. Check your connection and try again.')).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Kinds of background jobs' })).toBeTruthy();
    // No longer an instance admin (TIKA_ADMIN_EMAILS changed meanwhile): refused, and the page says it is not theirs.
    adminIs('someone-else@example.test');
    await user.click(within(probe).getByRole('button', { name: 'Run now' }));
    expect(await screen.findByText("This page is for the instance's administrators.")).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
