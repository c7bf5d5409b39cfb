import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  jsonb,
  pgPolicy,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity';
import { workspaces } from './tenancy';
import { housekeepingPolicy, housekeepingRole, jobsRole, tenantPolicy } from './roles';

// API calls per workspace per UTC day, written in batches by the usage meter (one upsert per workspace per flush),
// and webhook deliveries (first attempts). Days of months older than USAGE_KEEP_DAILY_DAYS fold into usage_monthly.
export const usageDaily = pgTable(
  'usage_daily',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    apiCalls: bigint('api_calls', { mode: 'number' }).notNull().default(0),
    webhookDeliveries: bigint('webhook_deliveries', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.day] }),
    check('usage_daily_api_calls_nonnegative', sql`${t.apiCalls} >= 0`),
    tenantPolicy(),
    housekeepingPolicy('all'),
  ],
).enableRLS();

// The usage rollup: one row per workspace per month (the month's first day), summed from usage_daily by the
// housekeeping job; kept USAGE_KEEP_MONTHS.
export const usageMonthly = pgTable(
  'usage_monthly',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    month: date('month').notNull(),
    apiCalls: bigint('api_calls', { mode: 'number' }).notNull().default(0),
    webhookDeliveries: bigint('webhook_deliveries', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.month] }),
    check('usage_monthly_month_first_day', sql`extract(day from ${t.month}) = 1`),
    tenantPolicy(),
    housekeepingPolicy('all'),
  ],
).enableRLS();

// What the instance itself did, above any workspace: the housekeeping sweeps (an audit purge is recorded here,
// never in the trail it shortens). Append-only like audit_logs (triggers in drizzle/*_housekeeping.sql); no tenant role reads it.
export const instanceAuditLogs = pgTable(
  'instance_audit_logs',
  {
    id: uuid('id').defaultRandom().notNull().primaryKey(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    actorType: text('actor_type', { enum: ['system', 'user'] }).notNull(),
    // system: the job run (job name and id); user: the instance admin's user id.
    actorId: text('actor_id'),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id'),
    // The workspace acted on, if any (not a tenant key: this table belongs to the instance).
    workspaceId: uuid('workspace_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    index('instance_audit_logs_seq_idx').on(t.seq),
    pgPolicy('housekeeping_append', { for: 'insert', to: housekeepingRole, withCheck: sql`true` }),
    pgPolicy('jobs_read', { for: 'select', to: jobsRole, using: sql`true` }),
  ],
).enableRLS();

// A workspace admin's override of a product feature flag (kill switches are not overridable).
export const workspaceFlags = pgTable(
  'workspace_flags',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    flag: text('flag').notNull(),
    enabled: boolean('enabled').notNull(),
    updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.flag] }),
    check('workspace_flags_flag_name', sql`${t.flag} ~ '^[A-Z][A-Z0-9_]{0,63}$'`),
    tenantPolicy(),
  ],
).enableRLS();

// A tenant-scoped POST sent with an Idempotency-Key: claimed, executed and answered in ONE transaction, so a key
// exists exactly when its change was committed, and a retry replays the stored answer instead of acting twice.
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    // sha256 of operation, actor, URL and body: the same key with another request is a client bug, not a retry.
    fingerprint: text('fingerprint').notNull(),
    operationId: text('operation_id').notNull(),
    responseStatus: smallint('response_status'),
    // Text, not jsonb: a replay returns the bytes the first answer had.
    responseBody: text('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.key] }),
    check('idempotency_keys_key_format', sql`${t.key} ~ '^[\\x21-\\x7e]{1,255}$'`),
    tenantPolicy(),
    housekeepingPolicy('select'),
    housekeepingPolicy('delete'),
  ],
).enableRLS();

// One row per backup run, written by the backup job itself when it ends (scripts/backup.sh, the Helm CronJob):
// the doctor, /api/metrics (backup_last_* gauges) and the operations page read the newest. Not tenant data: no
// tenant_id, no RLS; the runtime reads it only through lookup.backup_status() and may not write it.
export const backupRuns = pgTable(
  'backup_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).defaultNow().notNull(),
    ok: boolean('ok').notNull(),
    // Where it ran: compose (scripts/backup.sh), kubernetes (the CronJob), manual.
    source: text('source').notNull(),
    file: text('file'),
    bytes: bigint('bytes', { mode: 'number' }),
    sha256: text('sha256'),
    detail: text('detail'),
  },
  (t) => [
    check('backup_runs_sha256', sql`${t.sha256} is null or ${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check('backup_runs_bytes', sql`${t.bytes} is null or ${t.bytes} >= 0`),
  ],
);

// Every running Tika process, by heartbeat (every 30 s): how many replicas there are and how each is configured
// (rate-limit store, pool size …), for `tika doctor` and the operations page. Not tenant data: no tenant_id, no RLS.
export const instances = pgTable('instances', {
  id: text('id').primaryKey(),
  hostname: text('hostname').notNull(),
  version: text('version'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).defaultNow().notNull(),
  details: jsonb('details').notNull().default({}),
});
