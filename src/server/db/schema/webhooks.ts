import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity';
import { workspaces } from './tenancy';
import { housekeepingPolicy, tenantPolicy } from './roles';

const tenantId = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

// A workspace's webhook endpoint (docs/webhooks.md). The signing secrets are stored encrypted (AES-256-GCM under a
// key derived from BETTER_AUTH_SECRET): they must be readable to sign, so they cannot be hashed like API tokens.
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    tenantId: tenantId(),
    id: uuid('id').defaultRandom().notNull(),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    // Event types ('ticket.created'), a whole family ('ticket.*') or everything ('*').
    events: text('events').array().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    // manual: an admin turned it off; failing: deliveries failed for WEBHOOK_DISABLE_AFTER_HOURS.
    disabledReason: text('disabled_reason', { enum: ['manual', 'failing'] }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    secretCiphertext: text('secret_ciphertext').notNull(),
    secretPrefix: text('secret_prefix').notNull(),
    // During a rotation's grace period the previous secret signs too.
    previousSecretCiphertext: text('previous_secret_ciphertext'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    // The start of the current run of failed deliveries (null after any success).
    failingSince: timestamp('failing_since', { withTimezone: true }),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    check('webhook_endpoints_events_nonempty', sql`cardinality(${t.events}) > 0`),
    // Every change of the workspace looks up its enabled endpoints (emitWebhookEvent).
    index('webhook_endpoints_enabled_idx')
      .on(t.tenantId)
      .where(sql`${t.enabled}`),
    tenantPolicy(),
  ],
).enableRLS();

// One event for one endpoint: the exact body every attempt sends, and how delivery went. The id is the
// `webhook-id` receivers dedupe on (the same on every attempt).
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    tenantId: tenantId(),
    id: uuid('id').defaultRandom().notNull(),
    endpointId: uuid('endpoint_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: text('payload').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastDurationMs: integer('last_duration_ms'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true })
      .default(sql`date_trunc('milliseconds', now())`)
      .notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.endpointId],
      foreignColumns: [webhookEndpoints.tenantId, webhookEndpoints.id],
      name: 'webhook_deliveries_endpoint_fk',
    }).onDelete('cascade'),
    index('webhook_deliveries_endpoint_idx').on(t.tenantId, t.endpointId, t.createdAt, t.id),
    index('webhook_deliveries_created_idx').on(t.createdAt),
    tenantPolicy(),
    housekeepingPolicy('select'),
    housekeepingPolicy('delete'),
  ],
).enableRLS();

// Every attempt of a delivery, as it happened.
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    tenantId: tenantId(),
    id: uuid('id').defaultRandom().notNull(),
    deliveryId: uuid('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    responseBody: text('response_body'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.deliveryId],
      foreignColumns: [webhookDeliveries.tenantId, webhookDeliveries.id],
      name: 'webhook_delivery_attempts_delivery_fk',
    }).onDelete('cascade'),
    index('webhook_delivery_attempts_delivery_idx').on(t.tenantId, t.deliveryId, t.attempt),
    tenantPolicy(),
  ],
).enableRLS();
