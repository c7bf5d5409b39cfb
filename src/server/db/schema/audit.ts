import { sql } from 'drizzle-orm';
import { bigint, index, inet, jsonb, pgPolicy, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appRole, currentTenant, housekeepingPolicy } from './roles';

// Append-only: the app role may read and insert; the custom migration adds ENABLE ALWAYS triggers that refuse
// UPDATE, DELETE and TRUNCATE. No foreign key to workspaces: the trail outlives a deleted workspace. The one
// deletion allowed is the retention sweep (housekeeping.purge_audit_logs, drizzle/*_housekeeping.sql), recorded in
// instance_audit_logs.
export const auditLogs = pgTable(
  'audit_logs',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').defaultRandom().notNull().primaryKey(),
    // Insertion order for stable cursors (timestamps tie, and JS dates drop microseconds).
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    actorType: text('actor_type', { enum: ['user', 'token', 'system'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id'),
    changes: jsonb('changes').$type<{ before: unknown; after: unknown }>().notNull(),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    index('audit_logs_tenant_seq_idx').on(t.tenantId, t.seq),
    index('audit_logs_tenant_time_idx').on(t.tenantId, t.createdAt),
    pgPolicy('tenant_read', { for: 'select', to: appRole, using: sql`${t.tenantId} = ${currentTenant}` }),
    pgPolicy('tenant_append', { for: 'insert', to: appRole, withCheck: sql`${t.tenantId} = ${currentTenant}` }),
    housekeepingPolicy('select'),
    housekeepingPolicy('delete'),
  ],
).enableRLS();
