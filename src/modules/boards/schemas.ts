import 'server-only';
import { z } from 'zod';
import { requiredText, userText } from '@/shared/schemas';
import { TicketSummaryDto } from '@/modules/tickets';

export const BoardDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Board' });
export const BoardList = z.object({ data: z.array(BoardDto) }).meta({ id: 'BoardList' });

export const ColumnDto = z
  .object({
    id: z.uuid(),
    boardId: z.uuid(),
    name: z.string(),
    position: z.string(),
    wipLimit: z.number().int().nullable(),
    ticketCount: z.number().int(),
  })
  .meta({ id: 'Column' });

export const BoardViewDto = z
  .object({
    board: BoardDto,
    columns: z.array(
      ColumnDto.extend({
        tickets: z.array(TicketSummaryDto),
        nextCursor: z.string().nullable().describe('Pass to GET /tickets?columnId=…&cursor=… for the next page'),
      }),
    ),
  })
  .meta({ id: 'BoardView' });

const wipLimit = z.number().int().min(1).max(10_000).nullable();

export const BoardParams = z.object({ boardId: z.uuid() });
export const ColumnParams = z.object({ columnId: z.uuid() });
export const BoardQuery = z.object({
  includeArchived: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export const BoardViewQuery = z.object({ perColumn: z.coerce.number().int().min(1).max(200).default(50) });

export const CreateBoardBody = z
  .object({
    name: requiredText(120),
    description: userText(5000).default(''),
    columns: z
      .array(requiredText(80))
      .max(20)
      .optional()
      .describe('Column names; defaults to To do / In progress / Done'),
  })
  .meta({ id: 'CreateBoardBody' });
export const UpdateBoardBody = z
  .object({
    name: requiredText(120).optional(),
    description: userText(5000).optional(),
    archived: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Give at least one field')
  .meta({ id: 'UpdateBoardBody' });

export const CreateColumnBody = z
  .object({ name: requiredText(80), wipLimit: wipLimit.optional(), afterColumnId: z.uuid().nullable().optional() })
  .meta({ id: 'CreateColumnBody' });
export const UpdateColumnBody = z
  .object({
    name: requiredText(80).optional(),
    wipLimit: wipLimit.optional(),
    afterColumnId: z.uuid().nullable().optional().describe('Reorder: place after this column; null = first'),
  })
  .refine((b) => Object.keys(b).length > 0, 'Give at least one field')
  .meta({ id: 'UpdateColumnBody' });
