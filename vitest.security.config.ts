import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:security` (SECURITY_SCALE=short, the default, for CI) and `npm run test:security:full`
// (SECURITY_SCALE=full: every XSS payload on every page and field, more SQL-injection strings).
// Needs the production build (`npm run build`), PostgreSQL 15, redis-server, caddy and /usr/bin/chromium.
// One stack (tests/security/global-setup.ts) for all files; files run one at a time: the machine has two cores.
export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname, 'src'),
      // 'server-only' throws outside a React Server bundle; tests are server-side by definition.
      'server-only': path.resolve(import.meta.dirname, 'tests/support/empty-module.ts'),
    },
  },
  test: {
    name: 'security',
    include: ['tests/security/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/security/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    env: { NODE_ENV: 'test' },
  },
});
