import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:ops`: the ops layer against real components — the production build (`npm run build` first) started
// as child processes, Redis, a throwaway PostgreSQL, local Sentry / OTLP / Unleash / Upstash-protocol servers.
// One file at a time: each starts servers of its own, and CI machines have two cores.
export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname, 'src'),
      // 'server-only' throws outside a React Server bundle; tests are server-side by definition.
      'server-only': path.resolve(import.meta.dirname, 'tests/support/empty-module.ts'),
    },
  },
  test: {
    name: 'ops',
    include: ['tests/ops/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    env: { NODE_ENV: 'test' },
  },
});
