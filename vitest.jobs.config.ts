import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:jobs` (CI scale) and `npm run test:jobs:full` (TIKA_JOBS_SCALE=full: more cron ticks, more
// deliveries): the job system's proofs against the production build (`npm run build` first), a throwaway
// PostgreSQL 15 and a real HTTP receiver — cron once per tick across three processes, kill -9 of a worker
// mid-job, PostgreSQL restarted under a queue of webhook deliveries, a separate worker process.
// One file at a time: each starts its own database and servers.
export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname, 'src'),
      // 'server-only' throws outside a React Server bundle; tests are server-side by definition.
      'server-only': path.resolve(import.meta.dirname, 'tests/support/empty-module.ts'),
    },
  },
  test: {
    name: 'jobs',
    include: ['tests/jobs/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 240_000,
    env: { NODE_ENV: 'test' },
  },
});
