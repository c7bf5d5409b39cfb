import { z } from 'zod';

export const UsageQuery = z
  .object({
    from: z.iso.date().optional().describe('First UTC day (default: 29 days before `to`)'),
    to: z.iso.date().optional().describe('Last UTC day (default: today)'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '`from` must not be after `to`', path: ['from'] });

export const UsageDayDto = z
  .object({ day: z.string(), apiCalls: z.number().int(), webhookDeliveries: z.number().int() })
  .meta({ id: 'UsageDay' });

export const UsageMonthDto = z
  .object({
    month: z.string().describe('YYYY-MM: a month whose days were rolled up (older than USAGE_KEEP_DAILY_DAYS)'),
    apiCalls: z.number().int(),
    webhookDeliveries: z.number().int(),
  })
  .meta({ id: 'UsageMonth' });

export const UsageDto = z
  .object({
    from: z.string(),
    to: z.string(),
    totalApiCalls: z.number().int(),
    totalWebhookDeliveries: z.number().int(),
    days: z.array(UsageDayDto),
    months: z.array(UsageMonthDto),
    note: z.string(),
  })
  .meta({ id: 'Usage' });
