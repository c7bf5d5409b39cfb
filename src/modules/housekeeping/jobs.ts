import 'server-only';
import { z } from 'zod';
import { getDb } from '@/server/db/client';
import { IDEMPOTENCY_KEY_HOURS } from '@/server/db/idempotency';
import { env } from '@/server/env';
import { defineJob, type JobContext } from '@/server/jobs';
import {
  deleteDeadInvitations,
  deleteExpiredIdempotencyKeys,
  deleteExpiredSessions,
  purgeAuditLogs,
  rollupUsage,
} from './repository';

// The housekeeping sweeps (docs/jobs.md#housekeeping). Each is idempotent — it deletes what is past a cutoff,
// or moves rows in one statement — so a run repeated after a crash changes nothing more. Each works in batches,
// one short transaction per batch, until a batch comes back short or the job is told to stop.

const BATCH = 5000;
const empty = z.object({});
const daily = { retry: { limit: 3, delaySeconds: 60, maxDelaySeconds: 900 }, timeoutSeconds: 1800 };

async function inBatches(ctx: JobContext, batch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const removed = await batch();
    total += removed;
    if (removed < BATCH || ctx.signal.aborted) return total;
  }
}

/** The job run as the instance audit trail names it: job name and id. */
const runName = (name: string, ctx: JobContext) => `${name}:${ctx.jobId}`;

export const auditRetentionJob = defineJob({
  name: 'housekeeping.audit-retention',
  description: 'Deletes audit rows older than their workspace plan keeps them (AUDIT_RETENTION_DAYS_*)',
  data: empty,
  schedule: '10 3 * * *',
  ...daily,
  handler: async (_data, ctx) => {
    const config = env();
    const days = {
      free: config.AUDIT_RETENTION_DAYS_FREE,
      pro: config.AUDIT_RETENTION_DAYS_PRO,
      enterprise: config.AUDIT_RETENTION_DAYS_ENTERPRISE,
    };
    const db = await getDb();
    const run = runName('housekeeping.audit-retention', ctx);
    const deleted = await inBatches(ctx, () =>
      purgeAuditLogs(db, days, config.AUDIT_RETENTION_DAYS_DELETED, BATCH, run),
    );
    if (deleted) ctx.log.info({ deleted, days }, 'audit rows past retention deleted');
    return { deleted };
  },
});

export const usageRollupJob = defineJob({
  name: 'housekeeping.usage-rollup',
  description: 'Folds daily usage of past months into monthly rows (USAGE_KEEP_DAILY_DAYS), drops old months',
  data: empty,
  schedule: '20 3 * * *',
  ...daily,
  handler: async (_data, ctx) => {
    const config = env();
    const db = await getDb();
    const changed = await rollupUsage(
      db,
      config.USAGE_KEEP_DAILY_DAYS,
      config.USAGE_KEEP_MONTHS,
      runName('housekeeping.usage-rollup', ctx),
    );
    if (changed) ctx.log.info({ changed }, 'usage rolled up');
    return { changed };
  },
});

export const deadInvitationsJob = defineJob({
  name: 'housekeeping.expired-invitations',
  description: 'Deletes invitations that expired or were revoked more than INVITATION_KEEP_DAYS ago',
  data: empty,
  schedule: '30 3 * * *',
  ...daily,
  handler: async (_data, ctx) => {
    const db = await getDb();
    const run = runName('housekeeping.expired-invitations', ctx);
    const deleted = await inBatches(ctx, () => deleteDeadInvitations(db, env().INVITATION_KEEP_DAYS, BATCH, run));
    return { deleted };
  },
});

export const idempotencyKeysJob = defineJob({
  name: 'housekeeping.idempotency-keys',
  description: `Deletes Idempotency-Key records older than ${IDEMPOTENCY_KEY_HOURS} hours`,
  data: empty,
  schedule: '5 * * * *',
  retry: { limit: 2, delaySeconds: 60 },
  timeoutSeconds: 600,
  handler: async (_data, ctx) => {
    const db = await getDb();
    const deleted = await inBatches(ctx, () => deleteExpiredIdempotencyKeys(db, IDEMPOTENCY_KEY_HOURS, BATCH));
    return { deleted };
  },
});

export const expiredSessionsJob = defineJob({
  name: 'housekeeping.expired-sessions',
  description: 'Deletes expired sessions and expired one-time verification values',
  data: empty,
  schedule: '15 * * * *',
  retry: { limit: 2, delaySeconds: 60 },
  timeoutSeconds: 600,
  handler: async (_data, ctx) => {
    const db = await getDb();
    const deleted = await inBatches(ctx, () => deleteExpiredSessions(db, BATCH));
    return { deleted };
  },
});

export const housekeepingJobs = [
  auditRetentionJob,
  usageRollupJob,
  deadInvitationsJob,
  idempotencyKeysJob,
  expiredSessionsJob,
];
