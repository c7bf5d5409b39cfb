import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allJobs } from '../../src/api/jobs';
import { withTenant } from '../../src/server/db/tenant';
import { resetEnv } from '../../src/server/env';
import { installJobs } from '../../src/server/jobs';
import { defineMail, queueMail } from '../../src/server/mail';
import { metrics } from '../../src/server/metrics';
import { signUp } from '../support/api';
import { mailJob, makeMailJobDue, outboxRow } from '../support/mail-queue';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver';

// Mail is a job of the job system: with the process's workers running (TIKA_ROLE app), a queued mail arrives at a
// real SMTP server with nobody draining anything, a mail the server refuses for now is retried by the job system,
// and the job's runs are counted like any job's.

const note = defineMail<{ url: string }>('test-note', {
  en: ({ url }) => ({ subject: 'A note', paragraphs: ['A note.'], action: { label: 'Open', url } }),
  de: ({ url }) => ({ subject: 'Eine Notiz', paragraphs: ['Eine Notiz.'], action: { label: 'Öffnen', url } }),
});

let smtp: SmtpReceiver;
const saved = { ...process.env };

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  process.env.SMTP_URL = smtp.url;
  process.env.MAIL_FROM = 'Tika Test <tika@example.test>';
  resetEnv();
  // Before the database opens: this file's process runs jobs, as the app process does by default.
  installJobs(allJobs, { runJobs: true });
}, 60_000);
afterAll(async () => {
  process.env = { ...saved };
  resetEnv();
  await smtp.close();
});

describe('mail on the job system', () => {
  it(
    'a mail queued in a committed transaction is delivered by the worker, once; a rolled-back one never',
    { timeout: 90_000 },
    async () => {
      const owner = await signUp('Mail worker owner');
      const [kept, dropped] = [`${randomUUID()}@example.test`, `${randomUUID()}@example.test`];
      await expect(
        withTenant(owner.workspaceId, async (tx) => {
          await queueMail({ to: dropped, ...note('en', { url: 'http://localhost:3000/dropped' }) }, { tx });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      await withTenant(owner.workspaceId, (tx) =>
        queueMail({ to: kept, ...note('en', { url: 'http://localhost:3000/kept' }) }, { tx }),
      );
      const mail = await smtp.waitFor((m) => m.to.includes(kept), 60_000);
      expect(mail.links).toEqual(['http://localhost:3000/kept']);
      await expect.poll(() => mailJob(kept), { timeout: 10_000 }).toMatchObject({ state: 'completed' });
      expect(await mailJob(dropped)).toBeUndefined();
      expect(smtp.mails.filter((m) => m.to.includes(kept))).toHaveLength(1);
      expect(smtp.mails.some((m) => m.to.includes(dropped))).toBe(false);
      const text = await metrics().registry.metrics();
      expect(text).toMatch(/jobs_runs_total\{queue="mail.send",result="completed"\} [1-9]/);
    },
  );

  it(
    'a temporary refusal leaves the job to the job system’s retry, with the error recorded',
    { timeout: 90_000 },
    async () => {
      const to = `${randomUUID()}@example.test`;
      smtp.refuseNext(1, 451, 'greylisted');
      await queueMail({ to, ...note('en', { url: 'http://localhost:3000/later' }) });
      await expect.poll(() => mailJob(to), { timeout: 30_000 }).toMatchObject({ state: 'retry' });
      expect(String((await outboxRow(to))?.last_error)).toMatch(/451/);
      // The retry is due after its backoff; bring it forward instead of waiting 30 s.
      await makeMailJobDue(to);
      await smtp.waitFor((m) => m.to.includes(to), 30_000);
      await expect.poll(() => mailJob(to), { timeout: 10_000 }).toMatchObject({ state: 'completed' });
      expect(await outboxRow(to)).toMatchObject({ attempts: 2, sent_at: expect.anything() });
    },
  );
});
