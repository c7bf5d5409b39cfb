import { sql } from 'drizzle-orm';
import { check, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { labelColours } from '../../../shared/label-colours';
import { users } from './identity';
import { workspaces } from './tenancy';
import { tenantPolicy } from './roles';

// A workspace's colour for a label (docs/labels.md). Tickets keep their labels as text (tickets.labels); this table
// holds only the colours admins chose, one per name whatever its case. A label without a row shows the hue its
// name hashes to.
export const workspaceLabels = pgTable(
  'workspace_labels',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: uuid('id').defaultRandom().notNull(),
    // As the admin typed it (the case shown in settings); unique per workspace case-insensitively.
    name: text('name').notNull(),
    colour: text('colour', { enum: labelColours }).notNull(),
    updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('workspace_labels_name_key').on(t.tenantId, sql`lower(${t.name})`),
    check('workspace_labels_name_length', sql`char_length(${t.name}) between 1 and 32`),
    check('workspace_labels_colour', sql.raw(`"colour" in (${labelColours.map((c) => `'${c}'`).join(', ')})`)),
    tenantPolicy(),
  ],
).enableRLS();
