import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  breakerStates,
  CircuitOpenError,
  CircuitTimeoutError,
  getBreaker,
  isCircuitOpen,
  resetBreakers,
} from '../../src/server/breaker';
import { logger } from '../../src/server/logger';
import { metrics } from '../../src/server/metrics';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const boom = () => Promise.reject(new Error('connection refused'));
let names = 0;
const fresh = () => `test-${++names}`;

afterEach(() => {
  vi.restoreAllMocks();
  resetBreakers();
});

async function metricValue(metric: string, labels: Record<string, string>): Promise<number | undefined> {
  const found = (await metrics().registry.getMetricsAsJSON()).find((m) => m.name === metric);
  return (found?.values as { labels: Record<string, string>; value: number }[] | undefined)?.find((v) =>
    Object.entries(labels).every(([k, value]) => v.labels[k] === value),
  )?.value;
}

describe('circuit breaker', () => {
  it('opens after N consecutive failures, fails fast while open, half-opens after openMs and closes on success', async () => {
    const warn = vi.spyOn(logger, 'warn');
    const info = vi.spyOn(logger, 'info');
    const name = fresh();
    const breaker = getBreaker(name, { failures: 3, openMs: 80 });
    const work = vi.fn(boom);
    for (let i = 0; i < 3; i++) await expect(breaker.execute(work)).rejects.toThrow('connection refused');
    expect(breaker.state()).toBe('open');
    expect(breakerStates()[name]).toBe('open');
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ breaker: name, from: 'closed', to: 'open', err: { message: 'connection refused' } }),
      expect.stringContaining('opened'),
    );

    const rejected = await breaker.execute(work).catch((error: unknown) => error);
    expect(rejected).toBeInstanceOf(CircuitOpenError);
    expect(isCircuitOpen(rejected)).toBe(true);
    expect(work).toHaveBeenCalledTimes(3);
    expect(await metricValue('tika_circuit_breaker_state', { breaker: name })).toBe(2);
    expect(await metricValue('tika_circuit_breaker_rejections_total', { breaker: name })).toBe(1);

    await sleep(100);
    let sawHalfOpen = '';
    await expect(
      breaker.execute(async () => {
        sawHalfOpen = breaker.state();
        return 'ok';
      }),
    ).resolves.toBe('ok');
    expect(sawHalfOpen).toBe('half-open');
    expect(breaker.state()).toBe('closed');
    expect(info).toHaveBeenCalledWith(expect.objectContaining({ to: 'half-open' }), expect.any(String));
    expect(info).toHaveBeenCalledWith(expect.objectContaining({ from: 'half-open', to: 'closed' }), expect.any(String));
    expect(await metricValue('tika_circuit_breaker_transitions_total', { breaker: name, to: 'open' })).toBe(1);
    expect(await metricValue('tika_circuit_breaker_transitions_total', { breaker: name, to: 'closed' })).toBe(1);
  });

  it('a failed trial call re-opens it; a success in between resets the count', async () => {
    const breaker = getBreaker(fresh(), { failures: 2, openMs: 50 });
    await expect(breaker.execute(boom)).rejects.toThrow();
    await breaker.execute(async () => 1);
    await expect(breaker.execute(boom)).rejects.toThrow();
    expect(breaker.state()).toBe('closed');
    await expect(breaker.execute(boom)).rejects.toThrow();
    expect(breaker.state()).toBe('open');
    await sleep(70);
    await expect(breaker.execute(boom)).rejects.toThrow('connection refused');
    expect(breaker.state()).toBe('open');
    await expect(breaker.execute(async () => 1)).rejects.toBeInstanceOf(CircuitOpenError);
  });

  it('a call past timeoutMs is aborted and counts as a failure', async () => {
    const breaker = getBreaker(fresh(), { failures: 1, openMs: 10_000, timeoutMs: 30 });
    let aborted = false;
    const slow = (signal: AbortSignal) =>
      new Promise<string>((resolve) => {
        signal.addEventListener('abort', () => (aborted = true));
        setTimeout(() => resolve('late'), 200);
      });
    await expect(breaker.execute(slow)).rejects.toBeInstanceOf(CircuitTimeoutError);
    expect(aborted).toBe(true);
    expect(breaker.state()).toBe('open');
  });

  it('errors that do not mean the dependency is down do not open it', async () => {
    const breaker = getBreaker(fresh(), {
      failures: 1,
      isFailure: (error) => !(error instanceof RangeError),
    });
    await expect(breaker.execute(() => Promise.reject(new RangeError('400 from the receiver')))).rejects.toThrow(
      RangeError,
    );
    expect(breaker.state()).toBe('closed');
  });

  it('is one breaker per name per process', () => {
    const name = fresh();
    expect(getBreaker(name)).toBe(getBreaker(name, { failures: 99 }));
  });
});
