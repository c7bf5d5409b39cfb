import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:fuzz`: requests generated from the OpenAPI document against the production build (`npm run build`
// first) on a throwaway PostgreSQL 15 and on embedded PGlite. Scale: see the top of tests/fuzz/fuzz.test.ts.
export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname, 'src'),
      // 'server-only' throws outside a React Server bundle; tests are server-side by definition.
      'server-only': path.resolve(import.meta.dirname, 'tests/support/empty-module.ts'),
    },
  },
  test: {
    name: 'fuzz',
    include: ['tests/fuzz/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 45 * 60_000,
    hookTimeout: 180_000,
    env: { NODE_ENV: 'test' },
  },
});
