import { afterAll } from 'vitest';
import { closeDb } from '../../src/server/db/client';
import { installJobs } from '../../src/server/jobs';
import { allJobs } from '../../src/api/jobs';
import { startNeonProxy } from './neon-proxy';

// Which database the integration suite runs on: PGlite in memory (default), a PostgreSQL server (pg), or the
// same server through the Neon serverless driver and a local WebSocket proxy (neon).
const target = process.env.TIKA_TEST_DB ?? 'pglite';

if (target === 'pglite') {
  process.env.DATABASE_DRIVER = 'pglite';
  process.env.PGLITE_DATA_DIR = 'memory://';
} else {
  if (!process.env.DATABASE_URL)
    throw new Error(`TIKA_TEST_DB=${target} needs DATABASE_URL (the runtime role) — .ci/run provisions it`);
  process.env.DATABASE_DRIVER = target === 'neon' ? 'neon' : 'pg';
  if (target === 'neon') {
    const proxy = await startNeonProxy();
    process.env.NEON_WS_PROXY = proxy.address;
    afterAll(() => proxy.close());
  }
}
process.env.BETTER_AUTH_SECRET ??= 'test-secret-test-secret-test-secret-0123';
process.env.APP_URL ??= 'http://localhost:3000';
// ops: rate limits stay on (memory backend) but generous, so suites that drive one workspace hard are not throttled.
process.env.RATE_LIMIT_PLAN_FREE ??= '100000/1m';
process.env.RATE_LIMIT_AUTH ??= '100000/1m';
process.env.RATE_LIMIT_TOKENS ??= '100000/1m';

process.env.JOBS_POLL_INTERVAL_MS ??= '500';
// Every process can enqueue (use cases add jobs in their transactions); only the job tests run workers, by
// installing their own catalog with runJobs before the database opens.
installJobs(allJobs, { runJobs: false });

afterAll(async () => {
  await closeDb();
});
