import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
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
