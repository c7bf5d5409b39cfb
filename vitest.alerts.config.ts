import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:alerts`: the alert rules, proven twice. promtool unit tests (deploy/monitoring/tests) against the
// compose and the Helm rendering of the one source, then the end-to-end run: a real Prometheus scrapes the
// production build, a real Alertmanager routes to local receivers. Needs promtool, prometheus and
// prometheus-alertmanager on PATH (Debian packages; .ci/run installs them) and, for the end-to-end file, `npm run
// build` and PostgreSQL 15.
export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname, 'src'),
      // 'server-only' throws outside a React Server bundle; tests are server-side by definition.
      'server-only': path.resolve(import.meta.dirname, 'tests/support/empty-module.ts'),
    },
  },
  test: {
    name: 'alerts',
    include: ['tests/alerts/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 180_000,
    env: { NODE_ENV: 'test' },
  },
});
