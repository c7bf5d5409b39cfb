import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity';
import { workspaces } from './tenancy';
import { tenantPolicy } from './roles';

// API calls per workspace per UTC day, written in batches by the usage meter (one upsert per workspace per flush).
export const usageDaily = pgTable(
  'usage_daily',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    apiCalls: bigint('api_calls', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.day] }),
    check('usage_daily_api_calls_nonnegative', sql`${t.apiCalls} >= 0`),
    tenantPolicy(),
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
