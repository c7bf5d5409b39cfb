import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAuthDb, getDb } from '../../src/server/db/client';
import { resetEnv } from '../../src/server/env';
import { jobsAdminGet, jobsAdminPost } from '../../src/api/admin-jobs';
import { defineMail, drainMailOutbox, queueMail } from '../../src/server/mail';
import type { JobsOverview } from '../../src/shared/jobs-overview';
import { appOrigin, signUp, type TestUser } from '../support/api';
import { settleMailQueue } from '../support/mail-queue';

// The instance admins' jobs page API (/api/admin/jobs): who may see it, what it shows about every kind of job,
// and its two actions — run a job now, retry dead-lettered jobs — against the real queue on PGlite.

const saved = { ...process.env };
let admin: TestUser;
let member: TestUser;

const get = async (user: TestUser | null, query = '') => {
  const response = await jobsAdminGet(
    new Request(`${appOrigin()}/api/admin/jobs${query}`, { headers: user ? { cookie: user.cookie } : {} }),
  );
  return { status: response.status, body: await response.json() };
};
const post = async (user: TestUser | null, body: unknown, headers: Record<string, string> = {}) => {
  const response = await jobsAdminPost(
    new Request(`${appOrigin()}/api/admin/jobs`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: appOrigin(),
        ...(user ? { cookie: user.cookie } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
    }),
  );
  return { status: response.status, body: await response.json() };
};
const jobRow = async (name: string, id: string) => {
  const db = await getDb();
  const result = (await db.execute(
    sql`select state from pgboss.job where name = ${name} and id = ${id}::uuid`,
  )) as unknown as { rows: { state: string }[] };
  return result.rows[0];
};

beforeAll(async () => {
  admin = await signUp('Instance admin');
  member = await signUp('Just a member');
  process.env.TIKA_ADMIN_EMAILS = admin.email;
  resetEnv();
}, 60_000);
afterAll(() => {
  process.env = { ...saved };
  resetEnv();
});

describe('the jobs page API', () => {
  it('is there only for instance admins: everyone else gets 404 problem+json', async () => {
    for (const who of [member, null]) {
      const read = await get(who);
      expect(read.status).toBe(404);
      expect(read.body).toMatchObject({ code: 'NOT_FOUND' });
      expect((await post(who, { action: 'run', job: 'system.probe' })).status).toBe(404);
    }
    // Without TIKA_ADMIN_EMAILS the first account is the instance admin.
    delete process.env.TIKA_ADMIN_EMAILS;
    resetEnv();
    try {
      // Users are the auth library's table (its own login role on a server).
      const auth = await getAuthDb();
      const first = (await auth.execute(sql`select email from users order by created_at, id limit 1`)) as unknown as {
        rows: { email: string }[];
      };
      const firstUser = [admin, member].find((u) => u.email === first.rows[0]!.email);
      const other = [admin, member].find((u) => u !== firstUser)!;
      if (firstUser) expect((await get(firstUser)).status).toBe(200);
      expect((await get(other)).status).toBe(404);
    } finally {
      process.env.TIKA_ADMIN_EMAILS = admin.email;
      resetEnv();
    }
  });

  it('lists every kind of job with its schedule, next run and queue counts', async () => {
    const { status, body } = await get(admin);
    expect(status).toBe(200);
    const overview = body as JobsOverview;
    const names = overview.jobs.map((j) => j.name);
    expect(names).toEqual(expect.arrayContaining(['mail.send', 'system.probe', 'webhooks.deliver']));
    const retention = overview.jobs.find((j) => j.name === 'housekeeping.audit-retention')!;
    expect(retention.schedule).toMatch(/^\d+ \d+ \* \* \*$/);
    expect(new Date(retention.nextRun!).getTime()).toBeGreaterThan(Date.now());
    expect(overview.jobs.find((j) => j.name === 'mail.send')).toMatchObject({ schedule: null, runnable: false });
    expect(overview.jobs.find((j) => j.name === 'system.probe')).toMatchObject({ runnable: true });
  });

  it('runs a job now, and refuses kinds that need data, unknown kinds, bad bodies and foreign origins', async () => {
    const run = await post(admin, { action: 'run', job: 'system.probe' });
    expect(run.status).toBe(202);
    expect(await jobRow('system.probe', run.body.id)).toMatchObject({ state: 'created' });
    expect((await get(admin, '?job=system.probe')).body.runs.map((r: { id: string }) => r.id)).toContain(run.body.id);
    expect((await post(admin, { action: 'run', job: 'mail.send' })).status).toBe(404);
    expect((await post(admin, { action: 'run', job: 'no.such-job' })).status).toBe(404);
    expect((await post(admin, { action: 'explode', job: 'system.probe' })).status).toBe(422);
    const foreign = await post(admin, { action: 'run', job: 'system.probe' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
  });

  it('shows a dead-lettered job among the failures and gives it another attempt', async () => {
    process.env.SMTP_URL = 'smtp://127.0.0.1:1';
    process.env.MAIL_MAX_ATTEMPTS = '1';
    resetEnv();
    // The one failure counted below is this test's mail: not the sign-ups' verification mails, nor another suite's.
    await settleMailQueue();
    try {
      const note = defineMail<{ url: string }>('test-admin', {
        en: ({ url }) => ({ subject: 'Admin test', paragraphs: ['x'], action: { label: 'Open', url } }),
        de: ({ url }) => ({ subject: 'Admin-Test', paragraphs: ['x'], action: { label: 'Öffnen', url } }),
      });
      await queueMail({ to: `${randomUUID()}@example.test`, ...note('en', { url: 'http://localhost:3000/a' }) });
      expect(await drainMailOutbox()).toMatchObject({ failed: 1 });
      const overview = (await get(admin)).body as JobsOverview;
      expect(overview.jobs.find((j) => j.name === 'mail.send')!.dead).toBeGreaterThanOrEqual(1);
      const failure = overview.failures.find((f) => f.job === 'mail.send')!;
      expect(failure).toMatchObject({ state: 'dead', attempts: 1 });
      expect(failure.error).toMatch(/ECONNREFUSED|connect/i);
      const retried = await post(admin, { action: 'retry', job: 'mail.send', id: failure.id });
      expect(retried).toMatchObject({ status: 200, body: { requeued: 1 } });
      expect((await jobRow('mail.send', failure.id))!.state).toMatch(/created|retry/);
    } finally {
      delete process.env.SMTP_URL;
      delete process.env.MAIL_MAX_ATTEMPTS;
      resetEnv();
    }
  });
});
