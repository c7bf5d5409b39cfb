import 'server-only';
import { z } from 'zod';
import { getDb } from '@/server/db/client';
import { env } from '@/server/env';
import { defineJob } from '@/server/jobs';
import { deleteOldDeliveries } from './repository';

/** Delivery logs are kept WEBHOOK_DELIVERY_KEEP_DAYS; deliveries still being tried are never removed. */
export const pruneWebhookDeliveriesJob = defineJob({
  name: 'webhooks.prune-deliveries',
  description: 'Deletes webhook delivery logs older than WEBHOOK_DELIVERY_KEEP_DAYS',
  data: z.object({}),
  schedule: '40 3 * * *',
  retry: { limit: 3, delaySeconds: 60, maxDelaySeconds: 900 },
  timeoutSeconds: 1800,
  handler: async (_data, ctx) => {
    const db = await getDb();
    let deleted = 0;
    for (;;) {
      const removed = await deleteOldDeliveries(db, env().WEBHOOK_DELIVERY_KEEP_DAYS, 5000);
      deleted += removed;
      if (removed < 5000 || ctx.signal.aborted) return { deleted };
    }
  },
});
