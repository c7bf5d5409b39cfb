import { afterEach, describe, expect, it } from 'vitest';
import { metrics, observeRequest, setJobsCollector, setPoolCollector, setSseCollector } from '../../src/server/metrics';
import {
  KEEP_POINTS,
  opsHistory,
  quantile,
  resetOpsHistory,
  sampleOpsHistory,
  startOpsHistory,
  stopOpsHistory,
} from '../../src/server/ops-history';

// The operations page's charts come from this ring buffer of the instance's own metrics: deltas per interval for
// counters, the latency quantiles of the interval, the current value of gauges.

afterEach(() => {
  stopOpsHistory();
  resetOpsHistory();
  setJobsCollector(undefined);
});

describe('ops history', () => {
  it('records what happened between two samples, API routes only', async () => {
    setPoolCollector(() => ({ active: 3, waiting: 1, max: 10 }));
    setSseCollector(() => 4);
    expect(await sampleOpsHistory(1_000_000)).toBeNull(); // baseline
    for (let i = 0; i < 8; i++) observeRequest('GET', '/api/v1/boards', 200, 40);
    observeRequest('GET', '/api/v1/boards', 200, 400);
    observeRequest('POST', '/api/v1/tickets', 503, 5);
    for (let i = 0; i < 5; i++) observeRequest('GET', '/api/health/ready', 503, 1);
    metrics().rateLimitRejections.inc({ scope: 'tenant', reason: 'limit' }, 2);
    metrics().rateLimitBackendErrors.inc({ backend: 'redis', mode: 'open' });
    metrics().mailDeliveries.inc({ kind: 'invitation', result: 'sent' }, 3);
    // The job system (docs/jobs.md): queued jobs now, failed attempts (to be retried, timed out, dead) since the last
    // sample; completed ones are no failures.
    setJobsCollector(async () => [
      { job: 'mail.send', queued: 4, active: 1, dead: 2, oldestReadySeconds: 3 },
      { job: 'webhooks.deliver', queued: 1, active: 0, dead: 0, oldestReadySeconds: 0 },
    ]);
    metrics().jobRuns.inc({ queue: 'mail.send', result: 'failed' }, 2);
    metrics().jobRuns.inc({ queue: 'mail.send', result: 'dead' });
    metrics().jobRuns.inc({ queue: 'webhooks.deliver', result: 'completed' }, 5);
    const point = await sampleOpsHistory(1_030_000);
    expect(point).toMatchObject({
      at: 1_030_000,
      seconds: 30,
      requests: 10,
      errors: 1,
      poolActive: 3,
      poolWaiting: 1,
      poolMax: 10,
      rateLimited: 2,
      rateLimitStoreFailures: 1,
      mailSent: 3,
      sse: 4,
      jobsQueued: 5,
      jobFailures: 3,
    });
    // 10 requests: 1 under 10 ms, 8 in (10, 50], 1 in (200, 500]
    expect(point!.p50).toBeCloseTo(10 + (40 * 4) / 8, 5);
    expect(point!.p95).toBeCloseTo(200 + 300 * 0.5, 5);
    expect(point!.rssBytes).toBeGreaterThan(0);
    expect(opsHistory()).toEqual([point]);
  });

  it('an interval without requests has no latency, not zero', async () => {
    await sampleOpsHistory(0);
    const point = await sampleOpsHistory(30_000);
    expect(point).toMatchObject({ requests: 0, errors: 0, p50: null, p95: null });
  });

  it('keeps the last six hours only', async () => {
    await sampleOpsHistory(0);
    for (let i = 1; i <= KEEP_POINTS + 5; i++) await sampleOpsHistory(i * 30_000);
    const points = opsHistory();
    expect(points.length).toBe(KEEP_POINTS);
    expect(points[0]!.at).toBe(6 * 30_000);
  });

  it('samples on a timer once started', async () => {
    startOpsHistory();
    startOpsHistory(); // idempotent
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(opsHistory()).toEqual([]); // the first sample is the baseline
  });
});

describe('quantile', () => {
  const cumulative = (entries: [number, number][]) => new Map(entries);
  it('interpolates inside the bucket like histogram_quantile', () => {
    const after = cumulative([
      [10, 0],
      [50, 100],
      [Infinity, 100],
    ]);
    expect(quantile(0.5, new Map(), after)).toBe(30);
  });
  it('answers the lower bound for the +Inf bucket and null without data', () => {
    const after = cumulative([
      [10, 0],
      [3000, 0],
      [Infinity, 5],
    ]);
    expect(quantile(0.95, new Map(), after)).toBe(3000);
    expect(quantile(0.5, after, after)).toBeNull();
  });
});
