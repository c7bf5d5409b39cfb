import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:faults` (short, CI) and `npm run test:faults:full` (TIKA_FAULTS_SCALE=full: longer load phases,
// more writers, more kill rounds): faults during load against the production build (`npm run build` first) on a
// throwaway PostgreSQL 15 — database restart, kill -9 of the app, retried POSTs with an Idempotency-Key.
// One file at a time: each starts its own database and servers, and CI machines have two cores.
// Figures go to bench/results/faults.json (reset by the global setup, one section per file).
export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname, 'src'),
      // 'server-only' throws outside a React Server bundle; tests are server-side by definition.
      'server-only': path.resolve(import.meta.dirname, 'tests/support/empty-module.ts'),
    },
  },
  test: {
    name: 'faults',
    include: ['tests/faults/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    globalSetup: ['tests/faults/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    env: { NODE_ENV: 'test' },
  },
});
