import 'server-only';
import { z } from 'zod';
import { flagNames, productFlags } from '@/server/flags';

export const FlagDto = z
  .object({
    name: z.enum(flagNames as [string, ...string[]]),
    enabled: z.boolean(),
    source: z.enum(['workspace', 'unleash', 'env', 'default']).describe('Where the value came from'),
    kind: z
      .enum(['product', 'kill'])
      .describe('Kill switches are the operator’s and cannot be overridden per workspace'),
    description: z.string(),
    override: z.boolean().nullable().describe('This workspace’s override, if any'),
  })
  .meta({ id: 'Flag' });

export const FlagList = z.object({ data: z.array(FlagDto) }).meta({ id: 'FlagList' });

const overrideValue = z
  .boolean()
  .nullable()
  .describe('true/false overrides the flag for this workspace; null removes the override');
export const UpdateFlagsBody = z
  .object({
    overrides: z
      .partialRecord(z.enum(productFlags as [string, ...string[]]), overrideValue)
      .refine((o) => Object.keys(o).length > 0, 'Name at least one flag'),
  })
  .strict()
  .meta({ id: 'UpdateFlagsBody' });
