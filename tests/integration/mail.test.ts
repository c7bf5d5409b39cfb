import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '../../src/server/db/client';
import { withTenant } from '../../src/server/db/tenant';
import { resetEnv } from '../../src/server/env';
import { defineMail, drainMailOutbox, listDevInbox, queueMail } from '../../src/server/mail';
import { readDevInbox } from '../../src/modules/accounts';
import { warmUp } from '../support/fixtures';
import { signUp } from '../support/api';
import { mailJob, makeMailJobDue as makeDue, outboxRow, settleMailQueue } from '../support/mail-queue';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver';

// The outbox is read and changed by the auth library's own login role (issue #12), the queue by tika_jobs: tests
// look at each the same way (tests/support/mail-queue.ts).

// The mail queue end to end: queued in a transaction as a mail.send job, delivered by that job over SMTP to a real
// server, retried by the job system when the server says "later", given up (dead-lettered) when it says "never",
// and kept out of the log in production. drainMailOutbox() runs the due jobs here, as a worker would.

const hello = defineMail<{ name: string; url: string }>('test-hello', {
  en: ({ name, url }) => ({
    subject: `Hello ${name}`,
    greeting: `Hi ${name},`,
    paragraphs: ['This is a test <b>not bold</b>.'],
    action: { label: 'Open it', url },
    notes: ['The link works for an hour.'],
  }),
  de: ({ name, url }) => ({
    subject: `Hallo ${name}`,
    greeting: `Hallo ${name},`,
    paragraphs: ['Ein Test.'],
    action: { label: 'Öffnen', url },
  }),
});

let smtp: SmtpReceiver;
const saved = { ...process.env };

beforeAll(async () => {
  await warmUp();
  smtp = await startSmtpReceiver();
});
afterAll(() => smtp.close());
// The counts below are this test's own mail only: nothing else is due when a test starts.
beforeEach(async () => {
  process.env.SMTP_URL = smtp.url;
  process.env.MAIL_FROM = 'Tika Test <tika@example.test>';
  delete process.env.MAIL_TRANSPORT;
  resetEnv();
  await settleMailQueue();
});
afterEach(async () => {
  process.env = { ...saved };
  resetEnv();
  await settleMailQueue();
});

const address = () => `${randomUUID()}@example.test`;
describe('the mail queue', () => {
  it('delivers a queued mail over SMTP with a plain-text and an HTML body carrying the same link', async () => {
    const to = address();
    expect(await queueMail({ to, ...hello('en', { name: 'Ada', url: 'http://localhost:3000/x?token=abc' }) })).toBe(
      true,
    );
    expect(await drainMailOutbox()).toMatchObject({ sent: 1, retried: 0, failed: 0 });
    const mail = await smtp.waitFor((m) => m.to.includes(to));
    expect(mail.subject).toBe('Hello Ada');
    expect(mail.from).toBe('tika@example.test');
    expect(mail.headers.get('x-tika-mail')).toBe('test-hello');
    expect(mail.text).toContain('Hi Ada,');
    expect(mail.links).toEqual(['http://localhost:3000/x?token=abc']);
    expect(mail.html).toContain('href="http://localhost:3000/x?token=abc"');
    // Escaped in HTML, verbatim in text.
    expect(mail.html).toContain('&lt;b&gt;not bold&lt;/b&gt;');
    expect(mail.text).toContain('<b>not bold</b>');
    // A delivered row keeps who/what/when, not the one-time link.
    const row = await outboxRow(to);
    expect(row).toMatchObject({ sent_at: expect.anything(), text_body: null, html_body: null, attempts: 1 });
  });

  it('renders the locale asked for', async () => {
    const to = address();
    await queueMail({ to, ...hello('de', { name: 'Jörg', url: 'http://localhost:3000/y' }) });
    await drainMailOutbox();
    const mail = await smtp.waitFor((m) => m.to.includes(to));
    expect(mail.subject).toBe('Hallo Jörg');
    expect(mail.text).toContain('Öffnen:');
    expect(mail.html).toContain('<html lang="de">');
  });

  it('queues in the caller transaction: a rolled-back change sends nothing', async () => {
    const owner = await signUp('Outbox owner');
    const to = address();
    await expect(
      withTenant(owner.workspaceId, async (tx) => {
        await queueMail({ to, ...hello('en', { name: 'Nobody', url: 'http://localhost:3000/z' }) }, { tx });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await drainMailOutbox();
    expect(await outboxRow(to)).toBeUndefined();
    const db = await getDb();
    const jobs = (await db.execute(
      sql`select count(*)::int as n from pgboss.job where name = 'mail.send' and state = 'created'`,
    )) as unknown as { rows: { n: number }[] };
    expect(jobs.rows[0]!.n).toBe(0);
    const committed = address();
    await withTenant(owner.workspaceId, (tx) =>
      queueMail({ to: committed, ...hello('en', { name: 'Somebody', url: 'http://localhost:3000/z' }) }, { tx }),
    );
    await drainMailOutbox();
    await smtp.waitFor((m) => m.to.includes(committed));
  });

  it('retries when the server answers 4xx, and delivers on a later attempt', async () => {
    const to = address();
    await queueMail({ to, ...hello('en', { name: 'Later', url: 'http://localhost:3000/r' }) });
    smtp.refuseNext(1, 451, 'try again later');
    expect(await drainMailOutbox()).toMatchObject({ sent: 0, retried: 1 });
    const waiting = await outboxRow(to);
    expect(waiting?.sent_at).toBeNull();
    expect(String(waiting?.last_error)).toMatch(/451/);
    // The job system holds the retry, with backoff (30 s base, jitter).
    const job = await mailJob(to);
    expect(job).toMatchObject({ state: 'retry' });
    expect(new Date(String(job?.start_after)).getTime()).toBeGreaterThan(Date.now() + 10_000);
    // Not due yet: a drain now sends nothing.
    expect(await drainMailOutbox()).toMatchObject({ sent: 0, retried: 0 });
    await makeDue(to);
    expect(await drainMailOutbox()).toMatchObject({ sent: 1 });
    await smtp.waitFor((m) => m.to.includes(to));
    expect(await outboxRow(to)).toMatchObject({ attempts: 2, last_error: null });
    expect(await mailJob(to)).toMatchObject({ state: 'completed' });
    // A repeated job (at-least-once) does not send a sent mail again.
    await makeDue(to);
    const before = smtp.mails.length;
    expect(await drainMailOutbox()).toMatchObject({ sent: 0 });
    expect(smtp.mails.length).toBe(before);
  });

  it('gives up at once on a 5xx answer, and after MAIL_MAX_ATTEMPTS on repeated 4xx', async () => {
    const refused = address();
    await queueMail({ to: refused, ...hello('en', { name: 'Never', url: 'http://localhost:3000/n' }) });
    smtp.refuseNext(1, 550, 'no such user');
    expect(await drainMailOutbox()).toMatchObject({ failed: 1 });
    expect(await outboxRow(refused)).toMatchObject({ failed_at: expect.anything(), text_body: null });
    // Dead-lettered at once: no retries left although the queue allows MAIL_MAX_ATTEMPTS.
    expect(await mailJob(refused)).toMatchObject({ state: 'failed', retry_count: 0 });

    process.env.MAIL_MAX_ATTEMPTS = '2';
    resetEnv();
    const flaky = address();
    await queueMail({ to: flaky, ...hello('en', { name: 'Flaky', url: 'http://localhost:3000/f' }) });
    smtp.refuseNext(2, 421, 'service not available');
    expect(await drainMailOutbox()).toMatchObject({ retried: 1 });
    await makeDue(flaky);
    expect(await drainMailOutbox()).toMatchObject({ failed: 1 });
    expect(await outboxRow(flaky)).toMatchObject({ attempts: 2, failed_at: expect.anything() });
    expect(await mailJob(flaky)).toMatchObject({ state: 'failed' });
  });

  it('retries while the SMTP server is unreachable', async () => {
    process.env.SMTP_URL = 'smtp://127.0.0.1:1';
    resetEnv();
    const to = address();
    await queueMail({ to, ...hello('en', { name: 'Down', url: 'http://localhost:3000/d' }) });
    expect(await drainMailOutbox()).toMatchObject({ retried: 1 });
    expect(String((await outboxRow(to))?.last_error)).toMatch(/ECONNREFUSED|connect/i);
  });

  it('without SMTP on the embedded database writes the mail to the dev inbox instead', async () => {
    delete process.env.SMTP_URL;
    resetEnv();
    const to = address();
    const before = smtp.mails.length;
    await queueMail({ to, ...hello('en', { name: 'Dev', url: 'http://localhost:3000/dev' }) });
    expect(await drainMailOutbox()).toMatchObject({ sent: 1 });
    const [mail] = await listDevInbox({ toAddress: to.toUpperCase(), limit: 5 });
    expect(mail).toMatchObject({ toAddress: to, subject: 'Hello Dev', kind: 'test-hello' });
    expect(mail!.textBody).toContain('http://localhost:3000/dev');
    expect(smtp.mails.length).toBe(before);
  });

  it('with mail off (production on a database server, no SMTP_URL) queues nothing', async () => {
    delete process.env.SMTP_URL;
    process.env.MAIL_TRANSPORT = 'off';
    resetEnv();
    const to = address();
    expect(await queueMail({ to, ...hello('en', { name: 'Off', url: 'http://localhost:3000/o' }) })).toBe(false);
    expect(await outboxRow(to)).toBeUndefined();
    expect(await mailJob(to)).toBeUndefined();
  });

  it("shows a signed-in user the dev-inbox mail sent to them, and nobody else's", async () => {
    delete process.env.SMTP_URL;
    resetEnv();
    const [alice, bob] = [await signUp('Alice Inbox'), await signUp('Bob Inbox')];
    await queueMail({ to: alice.email, ...hello('en', { name: 'Alice', url: 'http://localhost:3000/alice' }) });
    await drainMailOutbox();
    const meta = { requestId: 'r', ip: null, userAgent: null, emailVerified: false, sessionToken: '' };
    const aliceView = await readDevInbox({ ...meta, userId: alice.id, email: alice.email, name: 'Alice' });
    expect(aliceView.enabled).toBe(true);
    expect(aliceView.mails.map((m) => m.subject)).toContain('Hello Alice');
    const bobView = await readDevInbox({
      ...meta,
      userId: bob.id,
      email: bob.email,
      name: 'Bob',
      emailVerified: false,
    });
    expect(bobView.mails.map((m) => m.subject)).not.toContain('Hello Alice');
    expect(await readDevInbox(null)).toEqual({ enabled: true, viewer: null, mails: [] });
    // With SMTP there is no dev inbox at all.
    process.env.SMTP_URL = smtp.url;
    resetEnv();
    expect(
      await readDevInbox({ ...meta, userId: alice.id, email: alice.email, name: 'Alice', emailVerified: false }),
    ).toMatchObject({
      enabled: false,
      mails: [],
    });
  });
});
