import { z } from 'zod';
import { requiredText } from '@/shared/schemas';

export const CommentDto = z
  .object({
    id: z.uuid(),
    ticketId: z.uuid(),
    authorId: z.string().nullable(),
    authorTokenId: z.string().nullable(),
    body: z.string().describe('Markdown'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Comment' });
export const CommentList = z.object({ data: z.array(CommentDto) }).meta({ id: 'CommentList' });
export const CreateCommentBody = z.object({ body: requiredText(10_000) }).meta({ id: 'CreateCommentBody' });
export const CommentParams = z.object({ commentId: z.uuid() });
