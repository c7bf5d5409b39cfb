import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditRetentionJob,
  deadInvitationsJob,
  expiredSessionsJob,
  idempotencyKeysJob,
  usageRollupJob,
} from '../../src/modules/housekeeping';
import { getAuthDb, getDb } from '../../src/server/db/client';
import { withTenant } from '../../src/server/db/tenant';
import type { JobContext, JobDefinition } from '../../src/server/jobs';
import { api, as, signUp } from '../support/api';
import { warmUp } from '../support/fixtures';

// The housekeeping sweeps against the suite's database, each run through its real handler: what they delete,
// what they keep, that a second run changes nothing, and the database permission design around audit rows.

beforeAll(warmUp, 60_000);

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

function run<D>(job: JobDefinition<D>, data = {} as D) {
  const context: JobContext = {
    jobId: randomUUID(),
    attempt: 1,
    signal: new AbortController().signal,
    log: pino({ level: 'silent' }),
  };
  return job.handler(data, context) as Promise<Record<string, number>>;
}

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await (await getDb()).execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** The same as the auth library, whose tables sessions and verifications are (its own login role on a server). */
async function authRows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await (await getAuthDb()).execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** The database's own message (drizzle wraps it as the cause of "Failed query: …"). */
async function failure(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : String(error);
  }
  return 'no error';
}

async function addAuditRows(tenantId: string, daysAgo: number[]) {
  await withTenant(tenantId, async (tx) => {
    for (const days of daysAgo)
      await tx.execute(sql`insert into audit_logs (tenant_id, actor_type, action, resource_type, changes, created_at)
                           values (${tenantId}, 'system', 'UPDATE', 'ticket', '{"before":null,"after":null}',
                                   ${ago(days)})`);
  });
}

async function auditAges(tenantId: string): Promise<number[]> {
  const found = await withTenant(tenantId, (tx) =>
    tx.execute(sql`select round(extract(epoch from now() - created_at) / 86400)::int as days from audit_logs
                    where tenant_id = ${tenantId} and resource_type = 'ticket' order by created_at`),
  );
  return (found as unknown as { rows: { days: number }[] }).rows.map((r) => r.days);
}

describe('audit retention per plan', () => {
  it('deletes rows past their plan’s retention, keeps the rest, records the purge at the instance level', async () => {
    const free = (await signUp('Free plan')).workspaceId;
    const pro = (await signUp('Pro plan')).workspaceId;
    await withTenant(pro, (tx) => tx.execute(sql`update workspaces set plan = 'pro' where id = ${pro}`));
    await addAuditRows(free, [400, 120, 91, 89, 1]);
    await addAuditRows(pro, [400, 120, 1]);

    const first = await run(auditRetentionJob);
    expect(first.deleted).toBeGreaterThanOrEqual(4);
    expect(await auditAges(free)).toEqual([89, 1]); // free keeps 90 days
    expect(await auditAges(pro)).toEqual([120, 1]); // pro keeps 365 days

    const purges = await rows<{ workspace_id: string; details: { deleted: number; plan: string }; actor_id: string }>(
      sql`select workspace_id, details, actor_id from instance_audit_logs
           where action = 'PURGE' and workspace_id in (${free}, ${pro})`,
    );
    expect(purges.map((p) => [p.workspace_id, p.details.deleted, p.details.plan]).sort()).toEqual(
      [
        [free, 3, 'free'],
        [pro, 1, 'pro'],
      ].sort(),
    );
    expect(purges[0]!.actor_id).toMatch(/^housekeeping\.audit-retention:/);

    // Idempotent: nothing more to do.
    await run(auditRetentionJob);
    expect(await auditAges(free)).toEqual([89, 1]);
  });

  it('keeps audit rows append-only for everyone else: tenant role, runtime role, and no direct call', async () => {
    const tenant = (await signUp('Append only')).workspaceId;
    await addAuditRows(tenant, [400]);
    // A tenant transaction may neither delete its own audit rows nor run the sweep.
    expect(await failure(withTenant(tenant, (tx) => tx.execute(sql`delete from audit_logs`)))).toMatch(
      /permission denied|append-only/,
    );
    expect(
      await failure(
        withTenant(tenant, (tx) =>
          tx.execute(sql`select housekeeping.purge_audit_logs('{"free":1}'::jsonb, 1, 10, 'tenant')`),
        ),
      ),
    ).toMatch(/permission denied/);
    // The runtime role outside a tenant transaction (the job runner's own identity) cannot delete rows either:
    // only through the function.
    expect(await failure(rows(sql`delete from audit_logs where tenant_id = ${tenant}`))).toMatch(
      /permission denied|append-only/,
    );
    expect(await failure(rows(sql`update audit_logs set action = 'X' where tenant_id = ${tenant}`))).toMatch(
      /permission denied|append-only/,
    );
    expect(await failure(rows(sql`delete from instance_audit_logs`))).toMatch(/permission denied|append-only/);
    expect(await auditAges(tenant)).toEqual([400]);
  });
});

describe('usage rollup and retention', () => {
  it('folds days of old months into one monthly row, exactly once, and drops months past retention', async () => {
    const owner = await signUp('Usage');
    const tenant = owner.workspaceId;
    const monthStart = (monthsAgo: number) => {
      const d = new Date();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() - monthsAgo);
      return d.toISOString().slice(0, 10);
    };
    const old = monthStart(5); // older than USAGE_KEEP_DAILY_DAYS (90)
    const ancient = monthStart(30); // older than USAGE_KEEP_MONTHS (24)
    const recent = new Date().toISOString().slice(0, 10);
    await withTenant(tenant, (tx) =>
      tx.execute(sql`insert into usage_daily (tenant_id, day, api_calls, webhook_deliveries) values
        (${tenant}, ${old}::date, 10, 1), (${tenant}, ${old}::date + 1, 5, 2),
        (${tenant}, ${ancient}::date, 7, 0), (${tenant}, ${recent}::date, 3, 0)`),
    );
    await run(usageRollupJob);
    await run(usageRollupJob);
    const monthly = await withTenant(tenant, (tx) =>
      tx.execute(sql`select month::text, api_calls::int, webhook_deliveries::int from usage_monthly order by month`),
    );
    expect((monthly as unknown as { rows: unknown[] }).rows).toEqual([
      { month: old, api_calls: 15, webhook_deliveries: 3 },
    ]);
    const daily = await withTenant(tenant, (tx) => tx.execute(sql`select day::text from usage_daily order by day`));
    expect((daily as unknown as { rows: { day: string }[] }).rows.map((r) => r.day)).toEqual([recent]);
    // The usage report shows the rolled-up month beside the days still kept.
    const report = await api(as(owner), 'GET', `/usage?from=${old}&to=${recent}`);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.months).toEqual([{ month: old.slice(0, 7), apiCalls: 15, webhookDeliveries: 3 }]);
    expect(report.body.days).toEqual([{ day: recent, apiCalls: 3, webhookDeliveries: 0 }]);
    expect(report.body.totalWebhookDeliveries).toBe(3);
    // A tenant reads its monthly rows but cannot write them (only the rollup does).
    expect(await failure(withTenant(tenant, (tx) => tx.execute(sql`update usage_monthly set api_calls = 0`)))).toMatch(
      /permission denied/,
    );
  });
});

describe('expiry sweeps', () => {
  it('deletes invitations dead for INVITATION_KEEP_DAYS, keeps live and accepted ones', async () => {
    const owner = await signUp('Inviter');
    const tenant = owner.workspaceId;
    const invite = (label: string, expires: string, extra = sql``) =>
      withTenant(tenant, (tx) =>
        tx.execute(sql`insert into invitations (tenant_id, email, role, token_hash, expires_at, created_at)
                       values (${tenant}, ${label + '@example.com'}, 'member', ${randomBytes(16).toString('hex')},
                               ${expires}, ${ago(60)}) ${extra}`),
      );
    await invite('dead', ago(45));
    await invite('recently-expired', ago(5));
    await invite('live', new Date(Date.now() + DAY).toISOString());
    await withTenant(tenant, (tx) =>
      tx.execute(sql`insert into invitations (tenant_id, email, role, token_hash, expires_at, accepted_at, accepted_by)
                     values (${tenant}, 'accepted@example.com', 'member', ${randomBytes(16).toString('hex')},
                             ${ago(45)}, ${ago(50)}, ${owner.id})`),
    );
    await run(deadInvitationsJob);
    const left = await withTenant(tenant, (tx) => tx.execute(sql`select email from invitations order by email`));
    expect((left as unknown as { rows: { email: string }[] }).rows.map((r) => r.email)).toEqual([
      'accepted@example.com',
      'live@example.com',
      'recently-expired@example.com',
    ]);
  });

  it('deletes idempotency keys older than their 24 hours', async () => {
    const tenant = (await signUp('Keys')).workspaceId;
    await withTenant(tenant, (tx) =>
      tx.execute(sql`insert into idempotency_keys (tenant_id, key, fingerprint, operation_id, created_at) values
        (${tenant}, 'old-key', 'f', 'op', ${ago(2)}), (${tenant}, 'fresh-key', 'f', 'op', now())`),
    );
    const { deleted } = await run(idempotencyKeysJob);
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = await withTenant(tenant, (tx) => tx.execute(sql`select key from idempotency_keys`));
    expect((left as unknown as { rows: { key: string }[] }).rows.map((r) => r.key)).toEqual(['fresh-key']);
  });

  it('deletes expired sessions and verification values, keeps live ones', async () => {
    const user = await signUp('Sessions');
    const expired = randomUUID();
    await authRows(sql`insert into sessions (id, user_id, token, expires_at) values
      (${expired}, ${user.id}, ${randomUUID()}, ${ago(1)})`);
    await authRows(sql`insert into verifications (id, identifier, value, expires_at) values
      (${randomUUID()}, 'housekeeping-test', 'x', ${ago(1)})`);
    const { deleted } = await run(expiredSessionsJob);
    expect(deleted).toBeGreaterThanOrEqual(2);
    expect(await authRows(sql`select id from sessions where id = ${expired}`)).toEqual([]);
    expect(await authRows(sql`select id from verifications where identifier = 'housekeeping-test'`)).toEqual([]);
    // The user's own sign-in session (live) is still there.
    expect((await authRows(sql`select id from sessions where user_id = ${user.id}`)).length).toBeGreaterThanOrEqual(1);
  });
});
