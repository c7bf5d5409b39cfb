import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, within } from '@testing-library/react';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { deliverWebhookJob } from '@/modules/webhooks';
import { WebhooksPage } from '@/ui/settings/webhooks';
import { resetEnv } from '../../src/server/env';
import { runQueuedJobs } from '../../src/server/jobs';
import { joinAs } from '../support/fixtures';
import { signInAs } from '../support/ui-fetch';
import { startReceiver, type Receiver } from '../support/webhook-receiver';
import { api, as, renderPage, screen, signedIn, waitFor } from './render';

// The workspace's webhook settings page, rendered in the app shell against the real API on PGlite, delivering to
// a real HTTP receiver on 127.0.0.1 (allowed here with WEBHOOK_ALLOWED_HOSTS, as a self-hoster allows an internal
// target). The deliveries are sent by the real delivery job, run here with runQueuedJobs instead of a worker.

const saved = { ...process.env };
process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
process.env.WEBHOOK_RETRY_DELAY_SECONDS = '1';
resetEnv();

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  process.env = { ...saved };
  resetEnv();
});
afterEach(() => vi.restoreAllMocks());

/** Runs the queued delivery jobs until `done` holds (a retry waits out its back-off first). */
async function deliverUntil(done: () => Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('the delivery did not reach the expected state');
    await runQueuedJobs(deliverWebhookJob);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const hookSection = (url: string) => screen.findByRole('region', { name: url });

describe('the webhooks page', () => {
  it('adds a webhook (secret shown once), edits it, sends a signed test event, rotates the secret, deletes it', async () => {
    const ada = await signedIn('Ada Hooks');
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const { user, unmount } = await renderPage(ada, `/w/${ada.slug}/settings/webhooks`, <WebhooksPage />);
    await screen.findByText('No webhooks yet');

    const url = receiver.url('/ui-hook');
    const add = screen.getByRole('form', { name: 'Add a webhook' });
    await user.type(within(add).getByLabelText('URL'), url);
    await user.type(within(add).getByLabelText('Description'), 'CI listener');
    // The form starts with every ticket event; add one comment event too.
    expect(within(add).getByRole('checkbox', { name: 'Every ticket event' })).toHaveProperty('checked', true);
    await user.click(within(add).getByRole('checkbox', { name: 'comment.created' }));
    await user.click(within(add).getByRole('button', { name: 'Add webhook' }));
    const secret = ((await screen.findByTestId('one-time-secret')) as HTMLInputElement).value;
    expect(secret).toMatch(/^whsec_/);
    expect(screen.getByRole('region', { name: `Signing secret of ${url}` })).toBeTruthy();

    let section = await hookSection(url);
    expect(within(section).getByText('CI listener')).toBeTruthy();
    expect(within(section).getByText('On')).toBeTruthy();
    expect(within(section).getByText('ticket.*, comment.created')).toBeTruthy();
    const prefix = within(section).getByText(/^whsec_/).textContent!;
    expect(prefix).toBe(`${secret.slice(0, 10)}…`); // the first characters only, to tell secrets apart
    expect(within(section).getByText('Never')).toBeTruthy(); // no successful delivery yet
    const [hook] = (await api(as(ada), 'GET', '/webhooks')).body.data;
    expect(JSON.stringify(hook)).not.toContain(secret);

    // Shown once: the page opened again has the prefix only.
    unmount();
    const again = await renderPage(ada, `/w/${ada.slug}/settings/webhooks`, <WebhooksPage />);
    section = await hookSection(url);
    expect(screen.queryByTestId('one-time-secret')).toBeNull();

    // Edit: a new description, and every event instead of the list.
    await again.user.click(within(section).getByRole('button', { name: 'Edit' }));
    const edit = within(section).getByRole('form', { name: 'Edit the webhook' });
    await again.user.clear(within(edit).getByLabelText('Description'));
    await again.user.type(within(edit).getByLabelText('Description'), 'Every event, please');
    await again.user.click(within(edit).getByRole('checkbox', { name: 'Every event' }));
    await again.user.click(within(edit).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(section).queryByRole('form', { name: 'Edit the webhook' })).toBeNull());
    expect(await within(section).findByText('Every event, please')).toBeTruthy();
    expect((await api(as(ada), 'GET', `/webhooks/${hook.id}`)).body).toMatchObject({
      description: 'Every event, please',
      events: expect.arrayContaining(['*', 'ticket.*', 'comment.created']),
    });

    // A test event: delivered, signed with the secret the page showed, listed with its answer.
    await again.user.click(within(section).getByRole('button', { name: 'Deliveries' }));
    await within(section).findByText('No deliveries yet');
    await again.user.click(within(section).getByRole('button', { name: 'Send test event' }));
    await within(section).findByText('Queued'); // not sent yet: the open log follows the action
    await deliverUntil(async () => receiver.on('/ui-hook').length === 1);
    const message = receiver.on('/ui-hook')[0]!;
    expect(new StandardWebhook(secret).verify(message.body, message.headers)).toMatchObject({ type: 'webhook.test' });
    await again.user.click(within(section).getByRole('button', { name: 'Refresh' }));
    const row = (await within(section).findByText('Delivered')).closest('tr')!;
    expect(within(row).getByText('webhook.test')).toBeTruthy();
    expect(within(row).getByText('200')).toBeTruthy();
    expect(within(row).getByText(/^\d+ ms$/)).toBeTruthy();
    await again.user.click(within(row).getByRole('button', { name: 'Details' }));
    const details = await screen.findByRole('dialog', { name: /^Delivery msg_/ });
    expect(within(details).getByText(/"type":\s*"webhook.test"/)).toBeTruthy();
    expect(within(details).getByText(/: 200 in \d+ ms$/)).toBeTruthy();
    await again.user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    // Rotate: a new secret shown once, the old one still signing for the grace period.
    await again.user.click(within(section).getByRole('button', { name: 'Rotate secret' }));
    const rotated = ((await screen.findByTestId('one-time-secret')) as HTMLInputElement).value;
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    expect(screen.getByRole('region', { name: `New signing secret of ${url}` })).toBeTruthy();
    expect(await within(section).findByText(/the previous one also signs until/)).toBeTruthy();

    // Delete (after the confirmation): gone from the page and from the API.
    await again.user.click(within(section).getByRole('button', { name: 'Delete' }));
    await screen.findByText('No webhooks yet');
    expect(window.confirm).toHaveBeenCalledWith(`Delete the webhook to ${url} and its delivery log?`);
    expect((await api(as(ada), 'GET', '/webhooks')).body.data).toEqual([]);
  });

  it('shows a failing delivery with its answer, says in words why it cannot be sent again, then redelivers it', async () => {
    const ada = await signedIn('Ada Retries');
    const url = receiver.url('/ui-flaky');
    await api(as(ada), 'POST', '/webhooks', { url, events: ['*'] });
    const { user } = await renderPage(ada, `/w/${ada.slug}/settings/webhooks`, <WebhooksPage />);
    const section = await hookSection(url);
    await user.click(within(section).getByRole('button', { name: 'Deliveries' }));
    await within(section).findByText('No deliveries yet');

    // The receiver answers 503: the delivery is retrying, with the answer it got.
    receiver.failNext('/ui-flaky', 1, 503);
    await user.click(within(section).getByRole('button', { name: 'Send test event' }));
    await within(section).findByText('Queued');
    await runQueuedJobs(deliverWebhookJob);
    await user.click(within(section).getByRole('button', { name: 'Refresh' }));
    let row = (await within(section).findByText('503')).closest('tr')!;
    expect(within(row).getByText('Retrying')).toBeTruthy();
    expect(within(row).queryByRole('button', { name: 'Send again' })).toBeNull(); // still being tried
    expect(within(section).getByText(/^On — failing since /)).toBeTruthy();

    // Turned off before the retry: the delivery gives up.
    await user.click(within(section).getByRole('button', { name: 'Turn off' }));
    await within(section).findByText('Off');
    expect(within(section).getByRole('button', { name: 'Send test event' })).toHaveProperty('disabled', true);
    const [hook] = (await api(as(ada), 'GET', '/webhooks')).body.data;
    await deliverUntil(async () => {
      const [delivery] = (await api(as(ada), 'GET', `/webhooks/${hook.id}/deliveries`)).body.data;
      return delivery.status === 'failed';
    });
    await user.click(within(section).getByRole('button', { name: 'Refresh' }));
    row = (await within(section).findByText('Failed (gave up)')).closest('tr')!;

    // Sending it again while the webhook is off is refused, in words.
    await user.click(within(row).getByRole('button', { name: 'Send again' }));
    expect(await screen.findByText('The webhook is turned off: turn it on first')).toBeTruthy();

    // On again: redelivered with the same message, one more attempt recorded.
    await user.click(within(section).getByRole('button', { name: 'Turn on' }));
    await within(section).findByText(/^On/);
    await user.click(within(section).getByRole('button', { name: 'Send again' }));
    await within(section).findByText('Retrying');
    await deliverUntil(async () => receiver.on('/ui-flaky').length === 2);
    await user.click(within(section).getByRole('button', { name: 'Refresh' }));
    row = (await within(section).findByText('Delivered')).closest('tr')!;
    expect(within(row).getByText('200')).toBeTruthy();
    expect(within(row).getByText('2')).toBeTruthy(); // attempts
    const ids = receiver.on('/ui-flaky').map((m) => m.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);
    expect(screen.queryByText('The webhook is turned off: turn it on first')).toBeNull();
  });

  it('refuses a URL Tika will not deliver to, in words, and keeps what was typed', async () => {
    const ada = await signedIn('Ada Refused');
    const { user } = await renderPage(ada, `/w/${ada.slug}/settings/webhooks`, <WebhooksPage />);
    await screen.findByText('No webhooks yet');
    const add = screen.getByRole('form', { name: 'Add a webhook' });
    await user.type(within(add).getByLabelText('URL'), 'http://169.254.169.254/latest/meta-data/');
    await user.click(within(add).getByRole('button', { name: 'Add webhook' }));
    const error = await screen.findByText(/This URL cannot receive webhooks/);
    expect(error.textContent).toMatch(/169\.254\.169\.254|link-local|metadata/i);
    expect((within(add).getByLabelText('URL') as HTMLInputElement).value).toBe(
      'http://169.254.169.254/latest/meta-data/',
    );
    expect(screen.getByText('No webhooks yet')).toBeTruthy();
    expect(screen.queryByTestId('one-time-secret')).toBeNull();
  });

  it('a member who may not manage webhooks is told so, and sees no webhook or link to them', async () => {
    const owner = await signedIn('Owner With Hook');
    await api(as(owner), 'POST', '/webhooks', { url: receiver.url('/secret-hook'), events: ['*'] });
    for (const role of ['member', 'viewer'] as const) {
      const { user: member } = await joinAs(owner, role, `A ${role}`);
      signInAs(member);
      await renderPage({ slug: owner.slug }, `/w/${owner.slug}/settings/webhooks`, <WebhooksPage />);
      expect(await screen.findByText('Only admins and owners manage webhooks.')).toBeTruthy();
      expect(screen.queryByRole('form', { name: 'Add a webhook' })).toBeNull();
      expect(screen.queryByText(receiver.url('/secret-hook'))).toBeNull();
      const nav = screen.getByRole('navigation', { name: 'Workspace' });
      expect(within(nav).queryByRole('link', { name: 'Webhooks' })).toBeNull();
      expect(within(nav).getByRole('link', { name: /^Notifications/ })).toBeTruthy();
      cleanup();
    }
  });
});
