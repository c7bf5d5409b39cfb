import 'server-only';
import type { z } from 'zod';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { AppError } from '@/server/errors';
import { assertCan } from '@/modules/access';
import { findMonthlyUsage, findUsage } from './repository';
import type { UsageDto, UsageQuery } from './schemas';

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

export async function getUsage(
  ctx: TenantContext,
  query: z.infer<typeof UsageQuery>,
): Promise<z.infer<typeof UsageDto>> {
  assertCan(ctx.role, 'usage:read');
  const to = query.to ?? new Date().toISOString().slice(0, 10);
  const from = query.from ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS + 1 > MAX_DAYS) {
    throw new AppError('VALIDATION_FAILED', `At most ${MAX_DAYS} days at a time`, {
      fields: [{ path: 'query.from', message: `At most ${MAX_DAYS} days`, code: 'too_big' }],
    });
  }
  const [rows, monthRows] = await withTenant(ctx.tenantId, async (tx) =>
    Promise.all([findUsage(tx, from, to), findMonthlyUsage(tx, from, to)]),
  );
  const days = rows.map((row) => ({ day: row.day, apiCalls: row.apiCalls, webhookDeliveries: row.webhookDeliveries }));
  const months = monthRows.map((row) => ({
    month: row.month.slice(0, 7),
    apiCalls: row.apiCalls,
    webhookDeliveries: row.webhookDeliveries,
  }));
  const sum = (key: 'apiCalls' | 'webhookDeliveries') =>
    [...days, ...months].reduce((total, entry) => total + entry[key], 0);
  return {
    from,
    to,
    totalApiCalls: sum('apiCalls'),
    totalWebhookDeliveries: sum('webhookDeliveries'),
    days,
    months,
    note: 'API calls to /api/v1 and webhook deliveries per UTC day, recorded in batches: the last few seconds may not be counted yet. Days of older months are kept as monthly totals (`months`).',
  };
}
