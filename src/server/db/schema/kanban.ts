import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  date,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { memberships, workspaces } from './tenancy';
import { users } from './identity';
import { housekeepingPolicy, lookupPolicy, tenantPolicy } from './roles';

export const priorities = ['none', 'low', 'medium', 'high', 'urgent'] as const;

const tenantId = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });
const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).defaultNow().notNull(),
};

export const boards = pgTable(
  'boards',
  {
    tenantId: tenantId(),
    id: uuid('id').defaultRandom().notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), tenantPolicy(), housekeepingPolicy('select')],
).enableRLS();

// `position` is a fractional-indexing key; the custom migration gives it COLLATE "C" (byte order).
export const columns = pgTable(
  'columns',
  {
    tenantId: tenantId(),
    id: uuid('id').defaultRandom().notNull(),
    boardId: uuid('board_id').notNull(),
    name: text('name').notNull(),
    position: text('position').notNull(),
    wipLimit: integer('wip_limit'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('columns_tenant_board_id_key').on(t.tenantId, t.boardId, t.id),
    foreignKey({
      columns: [t.tenantId, t.boardId],
      foreignColumns: [boards.tenantId, boards.id],
      name: 'columns_board_fk',
    }).onDelete('cascade'),
    index('columns_board_position_idx').on(t.tenantId, t.boardId, t.position, t.id),
    check('columns_wip_limit_positive', sql`${t.wipLimit} is null or ${t.wipLimit} > 0`),
    tenantPolicy(),
    // Read by lookup.ticket_counts() for the tickets_by_status metric.
    lookupPolicy(),
    // Read by housekeeping.due_tickets() for the due-date reminders.
    housekeepingPolicy('select'),
  ],
).enableRLS();

export const tickets = pgTable(
  'tickets',
  {
    tenantId: tenantId(),
    id: uuid('id').defaultRandom().notNull(),
    boardId: uuid('board_id').notNull(),
    columnId: uuid('column_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    priority: text('priority', { enum: priorities }).notNull().default('none'),
    assigneeId: text('assignee_id'),
    labels: text('labels')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    dueDate: date('due_date'),
    position: text('position').notNull(),
    version: integer('version').notNull().default(1),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    // Millisecond precision so a (created_at, id) cursor round-trips through a JS Date exactly.
    createdAt: timestamp('created_at', { withTimezone: true })
      .default(sql`date_trunc('milliseconds', now())`)
      .notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // The ticket's column must belong to the ticket's board, inside the same tenant.
    foreignKey({
      columns: [t.tenantId, t.boardId, t.columnId],
      foreignColumns: [columns.tenantId, columns.boardId, columns.id],
      name: 'tickets_column_fk',
    }).onDelete('cascade'),
    // An assignee must be a member of this workspace; remove-member unassigns first.
    foreignKey({
      columns: [t.tenantId, t.assigneeId],
      foreignColumns: [memberships.tenantId, memberships.userId],
      name: 'tickets_assignee_fk',
    }),
    index('tickets_column_position_idx').on(t.tenantId, t.columnId, t.position, t.id),
    index('tickets_board_created_idx').on(t.tenantId, t.boardId, t.createdAt, t.id),
    index('tickets_assignee_idx').on(t.tenantId, t.assigneeId),
    tenantPolicy(),
    // Read by lookup.ticket_counts() for the tickets_by_status metric.
    lookupPolicy(),
    housekeepingPolicy('select'),
    // The daily due-date reminder scans open tickets by due date.
    index('tickets_due_idx')
      .on(t.dueDate)
      .where(sql`${t.dueDate} is not null and ${t.archivedAt} is null`),
  ],
).enableRLS();

export const comments = pgTable(
  'comments',
  {
    tenantId: tenantId(),
    id: uuid('id').defaultRandom().notNull(),
    ticketId: uuid('ticket_id').notNull(),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    authorTokenId: uuid('author_token_id'),
    body: text('body').notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.ticketId],
      foreignColumns: [tickets.tenantId, tickets.id],
      name: 'comments_ticket_fk',
    }).onDelete('cascade'),
    index('comments_ticket_idx').on(t.tenantId, t.ticketId, t.createdAt),
    tenantPolicy(),
  ],
).enableRLS();
