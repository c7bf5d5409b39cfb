import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createToken, signUp, type Session } from '../support/http-client';
import { pgEnv, startApp, startPostgres, waitFor, type App, type Postgres } from '../support/procs';

// On a throwaway PostgreSQL: Prometheus metrics after known traffic (counts must match), usage metering persisted
// in batches and shown to admins only, and readiness with the database stopped (503) while liveness stays 200.

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
let pg: Postgres;
let app: App;

beforeAll(async () => {
  pg = await startPostgres();
  app = await startApp({ ...pgEnv(pg), METRICS_TOKEN, USAGE_FLUSH_INTERVAL_MS: '1000', LOG_LEVEL: 'warn' });
});

afterAll(async () => {
  await app?.stop();
  pg?.stop();
});

async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe('metrics, usage and readiness on PostgreSQL', () => {
  let owner: Session;

  it('guards /api/metrics with the bearer token', async () => {
    expect((await fetch(`${app.url}/api/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${app.url}/api/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status,
    ).toBe(401);
  });

  it('counts known traffic by route template and status, tickets created and tickets by status', async () => {
    owner = await signUp(app.url);
    const board = await call(app.url, 'POST', '/api/v1/boards', {
      cookie: owner.cookie,
      body: { name: 'M', columns: ['To do', 'Doing', 'Done'] },
    });
    expect(board.status).toBe(201);
    const [todo, doing, done] = board.body.columns.map((c: { id: string }) => c.id);
    for (const columnId of [todo, todo, doing, done, done, done]) {
      expect(
        (await call(app.url, 'POST', '/api/v1/tickets', { cookie: owner.cookie, body: { columnId, title: 'x' } }))
          .status,
      ).toBe(201);
    }
    for (let i = 0; i < 4; i++)
      expect((await call(app.url, 'GET', `/api/v1/boards/${board.body.id}`, { cookie: owner.cookie })).status).toBe(
        200,
      );
    expect(
      (await call(app.url, 'GET', '/api/v1/boards/00000000-0000-4000-8000-000000000000', { cookie: owner.cookie }))
        .status,
    ).toBe(404);

    const m = await scrape();
    expect(m.get('http_request_total{method="POST",route="/api/v1/tickets",status="201"}')).toBe(6);
    expect(m.get('http_request_total{method="GET",route="/api/v1/boards/{boardId}",status="200"}')).toBe(4);
    expect(m.get('http_request_total{method="GET",route="/api/v1/boards/{boardId}",status="404"}')).toBe(1);
    expect(m.get('http_request_duration_ms_count{method="POST",route="/api/v1/tickets",status="201"}')).toBe(6);
    expect(m.get('http_request_duration_ms_bucket{le="3000",method="POST",route="/api/v1/tickets",status="201"}')).toBe(
      6,
    );
    expect(m.has('http_request_duration_ms_bucket{le="10",method="POST",route="/api/v1/tickets",status="201"}')).toBe(
      true,
    );
    // Raw URLs never become labels.
    expect([...m.keys()].some((k) => k.includes(board.body.id))).toBe(false);
    expect(m.get('tickets_created_total')).toBe(6);
    expect(m.get('tickets_by_status{status="todo"}')).toBe(2);
    expect(m.get('tickets_by_status{status="in_progress"}')).toBe(1);
    expect(m.get('tickets_by_status{status="done"}')).toBe(3);
    expect(m.get('tickets_by_status{status="archived"}')).toBe(0);
    expect(m.get('db_query_duration_ms_count{operation="tenant_transaction"}')).toBeGreaterThanOrEqual(11);
    expect(m.get('db_query_duration_ms_count{operation="lookup"}')).toBeGreaterThan(0);
    expect(m.has('db_pool_active_connections')).toBe(true);
    expect(
      m.get('feature_flag_evaluations_total{flag="KANBAN_SWIMLANES",result="false",source="default"}'),
    ).toBeUndefined();
    expect((await call(app.url, 'GET', '/api/v1/flags', { cookie: owner.cookie })).status).toBe(200);
    expect(
      (await scrape()).get('feature_flag_evaluations_total{flag="KANBAN_SWIMLANES",result="false",source="default"}'),
    ).toBe(1);
  });

  it('persists API calls per workspace per day in batches, readable by admins only', async () => {
    const token = await createToken(app.url, owner, 'viewer');
    for (let i = 0; i < 3; i++) expect((await call(app.url, 'GET', '/api/v1/boards', { token })).status).toBe(200);
    // 1 board + 6 tickets + 5 board reads + 1 flags read + 1 token + 3 lists = 17 (usage reads count too).
    const usage = await waitFor(
      'the usage flush',
      async () => {
        const result = await call(app.url, 'GET', '/api/v1/usage', { cookie: owner.cookie });
        return result.status === 200 && result.body.totalApiCalls >= 17 ? result : undefined;
      },
      15_000,
      500,
    );
    const today = new Date().toISOString().slice(0, 10);
    expect(usage.body.days).toHaveLength(1);
    expect(usage.body.days[0].day).toBe(today);
    expect(usage.body.totalApiCalls).toBeGreaterThanOrEqual(17);
    expect(usage.body.totalApiCalls).toBeLessThanOrEqual(19);
    const viewer = await call(app.url, 'GET', '/api/v1/usage', { token });
    expect(viewer.status).toBe(403);
    // Another workspace sees only its own usage.
    const other = await signUp(app.url);
    const otherUsage = await call(app.url, 'GET', '/api/v1/usage', { cookie: other.cookie });
    expect(otherUsage.body.totalApiCalls).toBeLessThanOrEqual(1);
  });

  it('answers /ready 503 with the database stopped while /live stays 200, and recovers', async () => {
    expect((await fetch(`${app.url}/api/health/ready`)).status).toBe(200);
    pg.stop();
    const ready = await fetch(`${app.url}/api/health/ready`);
    expect(ready.status).toBe(503);
    const body = await ready.json();
    expect(body.status).toBe('unhealthy');
    expect(body.checks.database.status).toBe('down');
    expect(typeof body.checks.database.latencyMs).toBe('number');
    expect((await fetch(`${app.url}/api/health/live`)).status).toBe(200);
    // An API call now is a clean, retryable 503 problem, not a hang and not a 500.
    const failed = await call(app.url, 'GET', '/api/v1/boards', { cookie: owner.cookie });
    expect(failed.status).toBe(503);
    expect(failed.body.code).toBe('DATABASE_UNAVAILABLE');
    expect(failed.headers.get('retry-after')).toBe('5');
    pg.start();
    await waitFor(
      'readiness after restart',
      async () => (await fetch(`${app.url}/api/health/ready`)).status === 200,
      20_000,
      500,
    );
  });
});
