import { z } from 'zod';
import { labelColours } from '@/shared/label-colours';

// The same rule as a ticket's label (src/modules/tickets/schemas.ts): a colour is set for a name a ticket can carry.
const labelName = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[^,\u0000-\u001F]+$/, 'No commas or control characters');

export const LabelColourName = z
  .enum(labelColours)
  .describe('A colour of the fixed palette; each is readable in the light and the dark theme')
  .meta({ id: 'LabelColour' });

export const LabelDto = z
  .object({
    name: z.string().describe('As the workspace colour was set, else as the tickets spell it'),
    colour: LabelColourName.nullable().describe('The workspace’s colour; null: the hue the name hashes to'),
    tickets: z.number().int().describe('Open (not archived) tickets carrying this label'),
  })
  .meta({ id: 'Label' });

export const LabelList = z.object({ data: z.array(LabelDto) }).meta({ id: 'LabelList' });

export const SetLabelColourBody = z
  .object({
    name: labelName.describe('The label; case does not matter ("Bug" and "bug" are one label)'),
    colour: LabelColourName.nullable().describe('null resets the label to its default hue'),
  })
  .strict()
  .meta({ id: 'SetLabelColourBody' });

export type Label = z.infer<typeof LabelDto>;
