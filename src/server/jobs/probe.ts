import 'server-only';
import { z } from 'zod';
import { defineJob } from './definition';

/**
 * Proves the pipeline end to end without touching data: `npm run jobs -- run system.probe` and watch it complete.
 * `sleepMs` makes it a long job (the worker tests kill a worker while it runs).
 */
export const probeJob = defineJob({
  name: 'system.probe',
  description: 'Does nothing but finish (optionally after sleepMs): checks that jobs run',
  data: z.object({ sleepMs: z.number().int().min(0).max(600_000).default(0) }),
  retry: { limit: 3, delaySeconds: 5 },
  timeoutSeconds: 660,
  heartbeatSeconds: 10,
  handler: async ({ sleepMs }, { signal }) => {
    if (sleepMs > 0)
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, sleepMs);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error('stopped'));
        });
      });
    return { sleptMs: sleepMs };
  },
});
