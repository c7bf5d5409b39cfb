import { z } from 'zod';
import { priorities } from '@/server/db/schema/kanban';
import { pageOf, pageQuery, requiredText, userText } from '@/shared/schemas';
import { ticketCardFields, type TicketCardField } from '@/shared/ticket-card';

const label = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[^,\u0000-\u001F]+$/, 'No commas or control characters');
const labels = z
  .array(label)
  .max(20)
  .transform((list) => [...new Set(list)]);
const dueDate = z.iso.date().nullable();
const assigneeId = z.string().min(1).max(64).nullable();

const ticketFields = z.object({
  id: z.uuid(),
  boardId: z.uuid(),
  columnId: z.uuid(),
  title: z.string(),
  priority: z.enum(priorities),
  assigneeId: z.string().nullable(),
  labels: z.array(z.string()),
  dueDate: z.string().nullable(),
  position: z.string(),
  version: z.number().int(),
  archivedAt: z.string().nullable(),
  updatedAt: z.string(),
  commentCount: z.number().int().min(0).describe('How many comments the ticket has'),
  description: z.string().describe('Markdown'),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});

/** A card: the ticket fields listed in src/shared/ticket-card.ts, in that order. */
export const TicketSummaryDto = ticketFields
  .pick(Object.fromEntries(ticketCardFields.map((field) => [field, true])) as { [F in TicketCardField]: true })
  .meta({ id: 'TicketSummary' });
export type TicketSummary = z.output<typeof TicketSummaryDto>;

export const TicketDto = ticketFields.meta({ id: 'Ticket' });
export type Ticket = z.output<typeof TicketDto>;

export const TicketPage = pageOf(TicketDto, 'TicketPage');
export const TicketParams = z.object({ ticketId: z.uuid() });

export const TicketListQuery = pageQuery.extend({
  boardId: z.uuid().optional(),
  columnId: z.uuid().optional().describe('When set, tickets come in board order'),
  assigneeId: z.string().min(1).max(64).optional(),
  label: label.optional(),
  priority: z.enum(priorities).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Case-insensitive text search in title and description'),
  archived: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  dueBefore: z.iso.date().optional(),
  dueAfter: z.iso.date().optional(),
});

const placement = {
  afterId: z.uuid().nullable().optional().describe('Place right after this ticket'),
  beforeId: z.uuid().nullable().optional().describe('Place right before this ticket'),
  placement: z
    .enum(['top', 'bottom'])
    .optional()
    .describe(
      'Without afterId or beforeId: the top or the bottom of the column. The default is the bottom, for the API and the web UI alike',
    ),
};

export const CreateTicketBody = z
  .object({
    columnId: z.uuid(),
    title: requiredText(200),
    description: userText(20_000).default(''),
    priority: z.enum(priorities).default('none'),
    assigneeId: assigneeId.optional(),
    labels: labels.default([]),
    dueDate: dueDate.optional(),
    ...placement,
  })
  .meta({ id: 'CreateTicketBody' });

export const UpdateTicketBody = z
  .object({
    version: z.number().int().min(1).describe('The version you last read; a stale one gets 409'),
    title: requiredText(200).optional(),
    description: userText(20_000).optional(),
    priority: z.enum(priorities).optional(),
    assigneeId: assigneeId.optional(),
    labels: labels.optional(),
    dueDate: dueDate.optional(),
  })
  .meta({ id: 'UpdateTicketBody' });

export const MoveTicketBody = z
  .object({ version: z.number().int().min(1), columnId: z.uuid(), ...placement })
  .refine((b) => !(b.afterId && b.beforeId), 'Give afterId or beforeId, not both')
  .meta({ id: 'MoveTicketBody' });

export const VersionBody = z.object({ version: z.number().int().min(1) }).meta({ id: 'VersionBody' });
