import { foreignKey, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity';
import { memberships, workspaces } from './tenancy';
import { tenantPolicy } from './roles';

// In-app notifications for one member of one workspace (due-date reminders, a webhook disabled for failing).
// dedupe_key makes a notice idempotent: a job that runs twice notifies once.
export const notifications = pgTable(
  'notifications',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: uuid('id').defaultRandom().notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    // A path inside the app, e.g. /w/<slug>/tickets/<id>.
    link: text('link'),
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // Notices go to members; leaving the workspace removes them.
    foreignKey({
      columns: [t.tenantId, t.userId],
      foreignColumns: [memberships.tenantId, memberships.userId],
      name: 'notifications_member_fk',
    }).onDelete('cascade'),
    uniqueIndex('notifications_dedupe_key').on(t.tenantId, t.userId, t.dedupeKey),
    index('notifications_user_idx').on(t.tenantId, t.userId, t.createdAt),
    tenantPolicy(),
  ],
).enableRLS();
