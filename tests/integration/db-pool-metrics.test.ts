import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDbHandle, type DbHandle } from '../../src/server/db/client';
import { COLLECT_REUSE_MS, metrics, setPoolCollector } from '../../src/server/metrics';

// Pool saturation as /api/metrics shows it: connections checked out, requests queued for one, and the cap.
// On a pool (pg, neon) more concurrent transactions than DATABASE_POOL_MAX must show active == max and the rest
// waiting; PGlite is one in-process connection and reports 1 / 0 / 1. The load suite (bench/load.mjs) reads these.

async function gauges(): Promise<Record<string, number>> {
  const text = await metrics().registry.metrics();
  const value = (name: string) =>
    Number(
      text
        .split('\n')
        .find((line) => line.startsWith(`${name} `))
        ?.split(' ')[1],
    );
  return {
    active: value('db_pool_active_connections'),
    waiting: value('db_pool_waiting_clients'),
    max: value('db_pool_max_connections'),
  };
}

let handle: DbHandle;
// Opening the database (PGlite migrates first) is setup, not the test.
beforeAll(async () => {
  handle = await getDbHandle();
});

describe('database pool metrics', () => {
  it('reports active, waiting and max connections from the real driver', async () => {
    setPoolCollector(() => handle.poolStats());

    if (handle.driver === 'pglite') {
      expect(handle.poolStats()).toEqual({ active: 1, waiting: 0, max: 1 });
      expect(await gauges()).toEqual({ active: 1, waiting: 0, max: 1 });
      return;
    }

    const max = handle.poolStats().max;
    expect(max).toBe(Number(process.env.DATABASE_POOL_MAX ?? 10));
    const extra = 3;
    // Drizzle queries are lazy: awaiting starts them.
    const sleepers = Array.from({ length: max + extra }, async () => handle.db.execute(sql`select pg_sleep(0.5)`));
    // Let the pool hand out every connection it may open; the rest queue.
    const deadline = Date.now() + 5_000;
    while (handle.poolStats().active < max && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const busy = await gauges();
    expect(busy).toEqual({ active: max, waiting: extra, max });
    await Promise.all(sleepers);
    // A scrape within COLLECT_REUSE_MS of the last one is answered with the same sample (by design: several gauges
    // share one pool reading); the next reading is a fresh one.
    await new Promise((resolve) => setTimeout(resolve, COLLECT_REUSE_MS + 50));
    const after = await gauges();
    expect(after.waiting).toBe(0);
    expect(after.active).toBe(0);
  });
});
