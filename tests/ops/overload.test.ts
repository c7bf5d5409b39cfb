import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createToken, signUp } from '../support/http-client';
import { pgEnv, startApp, startPostgres, type App, type Postgres } from '../support/procs';

// Overload protection against a real PostgreSQL and the production server (docs/overload.md). A table lock held
// by another session makes requests hang on the database; what the instance does about it:
//   - one pooled connection, acquire timeout 300 ms: the request that cannot get a connection → 503 + Retry-After;
//   - lock_timeout 1 s: the request stuck behind the lock ends with 503 (not a 500, not a hang);
//   - concurrency limit 3: the 4th request in flight is shed at once;
//   - the runtime role carries statement_timeout / lock_timeout / idle_in_transaction_session_timeout itself.

let db: Postgres;
let app: App;
let token: string;
let boardId: string;
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

beforeAll(async () => {
  db = await startPostgres({ prefix: 'overload' });
  app = await startApp({
    ...pgEnv(db),
    DATABASE_POOL_MAX: '1',
    DATABASE_POOL_ACQUIRE_TIMEOUT_MS: '300',
    DATABASE_LOCK_TIMEOUT_MS: '1500',
    HTTP_MAX_CONCURRENT_REQUESTS: '3',
    LOG_LEVEL: 'warn',
    METRICS_TOKEN,
    RATE_LIMIT_BACKEND: 'off',
  });
  const owner = await signUp(app.url);
  token = await createToken(app.url, owner);
  const board = await call(app.url, 'POST', '/api/v1/boards', { token, body: { name: 'Overload' } });
  expect(board.status).toBe(201);
  boardId = board.body.id;
});

afterAll(async () => {
  await app?.stop();
  db?.stop();
});

async function withTableLock<T>(work: () => Promise<T>): Promise<T> {
  const owner = new pg.Client({ connectionString: db.superUrl });
  await owner.connect();
  try {
    await owner.query('begin');
    await owner.query('lock table tickets in access exclusive mode');
    return await work();
  } finally {
    await owner.query('rollback').catch(() => undefined);
    await owner.end();
  }
}

async function metric(name: string): Promise<string> {
  const text = await (
    await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name))
    .join('\n');
}

const readBoard = () => call(app.url, 'GET', `/api/v1/boards/${boardId}`, { token });

describe('overload protection', () => {
  it('no connection within the acquire timeout → 503 SERVICE_UNAVAILABLE with Retry-After; a lock wait ends at lock_timeout with 503', async () => {
    await withTableLock(async () => {
      const stuck = readBoard(); // takes the only connection, then waits on the lock
      await new Promise((resolve) => setTimeout(resolve, 150));
      const started = performance.now();
      const shed = await readBoard();
      const waited = performance.now() - started;
      expect(shed.status).toBe(503);
      expect(shed.headers.get('content-type')).toBe('application/problem+json');
      expect(shed.headers.get('retry-after')).toBe('1');
      expect(shed.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'pool_acquire_timeout' });
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(1400);
      const ended = await stuck;
      expect(ended.status).toBe(503);
      expect(ended.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'lock_timeout' });
    });
    expect((await readBoard()).status).toBe(200);
    expect(await metric('tika_requests_shed_total')).toMatch(/reason="pool_acquire_timeout"} [1-9]/);
  });

  it('past HTTP_MAX_CONCURRENT_REQUESTS in flight, a request is shed at once', async () => {
    await withTableLock(async () => {
      const inFlight = [readBoard(), readBoard(), readBoard()];
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = performance.now();
      const shed = await readBoard();
      expect(performance.now() - started).toBeLessThan(250);
      expect(shed.status).toBe(503);
      expect(shed.headers.get('retry-after')).toBe('1');
      expect(shed.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'concurrency_limit' });
      const statuses = (await Promise.all(inFlight)).map((r) => r.status);
      expect(statuses.every((s) => s === 503)).toBe(true);
    });
    expect(await metric('tika_requests_shed_total')).toMatch(/reason="concurrency"} [1-9]/);
    expect((await readBoard()).status).toBe(200);
  });

  it('the runtime role has server-side timeouts of its own (ALTER ROLE by the migration), whatever the client sets', async () => {
    const runtime = new pg.Client({ connectionString: db.runtimeUrl });
    await runtime.connect();
    try {
      const show = async (name: string) => (await runtime.query(`show ${name}`)).rows[0][name];
      expect(await show('statement_timeout')).toBe('15s');
      expect(await show('lock_timeout')).toBe('5s');
      expect(await show('idle_in_transaction_session_timeout')).toBe('1min');
    } finally {
      await runtime.end();
    }
  });
});
