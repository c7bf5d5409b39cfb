import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOpenLoop } from '../../bench/lib/open-loop.mjs';

// The load generator is open-loop: arrivals keep their schedule when the server slows down, and latency counts
// from the due time. A closed-loop generator with 4 connections would send ~4 requests per 200 ms here.
let url = '';
let delayMs = 0;
let arrivals: number[] = [];
let active = 0;
let maxActive = 0;
const server = createServer((req, res) => {
  arrivals.push(performance.now());
  active++;
  maxActive = Math.max(maxActive, active);
  res.on('finish', () => active--);
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () =>
    setTimeout(() => {
      res.writeHead(req.url === '/fail' ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ got: Buffer.concat(chunks).toString('utf8') }));
    }, delayMs),
  );
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('open-loop generator', () => {
  it('keeps the arrival rate when every answer takes 200 ms, and measures latency from the due time', async () => {
    delayMs = 200;
    arrivals = [];
    maxActive = 0;
    const results: { status?: number; ms: number | null; body?: string }[] = [];
    const run = await runOpenLoop({
      url,
      rate: 100,
      seconds: 1,
      next: () => ({ method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: '{"a":1}' }),
      readBody: () => true,
      onResult: (r: { status?: number; ms: number | null; body?: string }) => results.push(r),
    });
    expect(run).toMatchObject({ sent: 100, completed: 100, errors: 0, dropped: 0 });
    // Not throttled by the 200 ms answers: many requests were in the server at once (≈ 100/s × 0.2 s = 20; a
    // closed loop on a few connections keeps it at the connection count), and the 100 arrivals did not stretch
    // to 100 × 200 ms.
    expect(maxActive).toBeGreaterThanOrEqual(10);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeLessThan(5_000);
    expect(results.every((r) => r.status === 200 && r.ms! >= 195)).toBe(true);
    expect(JSON.parse(results[0]!.body!)).toEqual({ got: '{"a":1}' });
  });

  it('reports statuses and refuses to queue past maxOutstanding (dropped, never silently)', async () => {
    delayMs = 1000;
    const statuses: (number | undefined)[] = [];
    const run = await runOpenLoop({
      url,
      rate: 200,
      seconds: 0.5,
      maxOutstanding: 20,
      next: () => ({ method: 'GET', path: '/fail' }),
      onResult: (r: { status?: number }) => statuses.push(r.status),
    });
    expect(run.sent).toBe(20);
    expect(run.dropped).toBe(80);
    expect(statuses.filter((s) => s === 503)).toHaveLength(20);
  });

  it('counts a request with no answer as an error', async () => {
    const run = await runOpenLoop({
      url: 'http://127.0.0.1:9',
      rate: 20,
      seconds: 0.25,
      next: () => ({ method: 'GET', path: '/' }),
    });
    expect(run.errors).toBe(5);
  });
});
