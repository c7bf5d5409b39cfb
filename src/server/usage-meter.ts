import 'server-only';
import { withTenant } from './db/tenant';
import { addUsage } from './db/usage';
import { env } from './env';
import { logger } from './logger';
import { metrics } from './metrics';

// Usage metering: API calls per workspace per UTC day. Counted in memory and written in batches (one upsert per
// workspace per flush, every USAGE_FLUSH_INTERVAL_MS and at shutdown), never one write per request. A failed
// flush puts its counts back for the next one.

// On globalThis: Next bundles each route and the instrumentation hook separately; they must share one buffer.
interface Meter {
  pending: Map<string, number>;
  timer?: NodeJS.Timeout;
  flushing?: Promise<void>;
}
const meterKey = Symbol.for('tika.usageMeter');
const meter: Meter = ((globalThis as { [meterKey]?: Meter })[meterKey] ??= { pending: new Map() });
const pending = meter.pending;

const today = () => new Date().toISOString().slice(0, 10);

export function recordApiCall(tenantId: string): void {
  const key = `${tenantId}|${today()}`;
  pending.set(key, (pending.get(key) ?? 0) + 1);
  if (!meter.timer) {
    meter.timer = setInterval(() => void flushUsage(), env().USAGE_FLUSH_INTERVAL_MS);
    meter.timer.unref();
  }
}

export async function flushUsage(): Promise<void> {
  // Flushes never overlap: a flush started while one runs waits for it, then writes what came since.
  while (meter.flushing) await meter.flushing;
  if (pending.size === 0) return;
  const batch = new Map(pending);
  pending.clear();
  const byTenant = new Map<string, { tenantId: string; day: string; apiCalls: number }[]>();
  for (const [key, apiCalls] of batch) {
    const [tenantId, day] = key.split('|') as [string, string];
    byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), { tenantId, day, apiCalls }]);
  }
  meter.flushing = (async () => {
    for (const [tenantId, rows] of byTenant) {
      try {
        await withTenant(tenantId, (tx) => addUsage(tx, rows));
        metrics().usageFlushes.inc({ result: 'ok' });
      } catch (error) {
        metrics().usageFlushes.inc({ result: 'error' });
        for (const row of rows) {
          const key = `${row.tenantId}|${row.day}`;
          pending.set(key, (pending.get(key) ?? 0) + row.apiCalls);
        }
        logger.warn({ err: error, tenantId }, 'usage flush failed; will retry');
      }
    }
  })();
  try {
    await meter.flushing;
  } finally {
    meter.flushing = undefined;
  }
}

export function stopUsageMeter(): void {
  if (meter.timer) clearInterval(meter.timer);
  meter.timer = undefined;
}
