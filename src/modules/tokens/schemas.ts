import 'server-only';
import { z } from 'zod';
import { roles } from '@/modules/access';
import { requiredText } from '@/shared/schemas';

export const ApiTokenDto = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe('First characters of the token, to recognise it'),
    role: z.enum(roles),
    createdBy: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ApiToken' });
export const CreatedApiTokenDto = ApiTokenDto.extend({ token: z.string().describe('Shown once; store it now') }).meta({
  id: 'CreatedApiToken',
});
export const ApiTokenList = z.object({ data: z.array(ApiTokenDto) }).meta({ id: 'ApiTokenList' });
export const CreateApiTokenBody = z
  .object({
    name: requiredText(80),
    role: z.enum(['admin', 'member', 'viewer']),
    expiresAt: z.iso
      .datetime({ offset: true })
      .refine((value) => new Date(value).getTime() > Date.now(), 'Must be in the future')
      .optional(),
  })
  .meta({ id: 'CreateApiTokenBody' });
export const ApiTokenParams = z.object({ tokenId: z.uuid() });
