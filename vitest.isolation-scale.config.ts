import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:isolation-scale`: tenant isolation under thousands of random operations against the production
// build on a throwaway PostgreSQL (`npm run build` first). Scale and seed: see the top of
// tests/isolation-scale/isolation-scale.test.ts. One file, one server: CI machines have two cores.
export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname, 'src'),
      'server-only': path.resolve(import.meta.dirname, 'tests/support/empty-module.ts'),
    },
  },
  test: {
    name: 'isolation-scale',
    include: ['tests/isolation-scale/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 3_600_000,
    hookTimeout: 300_000,
    env: { NODE_ENV: 'test' },
  },
});
