import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = {
  '@': path.resolve(import.meta.dirname, 'src'),
  // 'server-only' throws outside a React Server bundle; tests and scripts are server-side by definition.
  'server-only': path.resolve(import.meta.dirname, 'tests/support/empty-module.ts'),
};

// The UI tests render real components outside Next: its router hooks and Link are replaced by small stand-ins.
const uiAlias = {
  ...alias,
  'next/navigation': path.resolve(import.meta.dirname, 'tests/support/next-navigation.ts'),
  'next/link': path.resolve(import.meta.dirname, 'tests/support/next-link.tsx'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    env: { NODE_ENV: 'test' },
    coverage: {
      provider: 'v8',
      // All of src, the browser's code included (rendered by tests/ui with happy-dom against the real API).
      include: ['src/**/*.{ts,tsx}'],
      exclude: ['src/**/*.d.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 80 },
    },
    projects: [
      {
        resolve: { alias: uiAlias },
        test: {
          name: 'ui',
          include: ['tests/ui/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['tests/support/db-setup.ts', 'tests/support/ui-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      { resolve: { alias }, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        // `next build` of a fixture app (tests/build): a real Turbopack build (about 13 s here), run by the web
        // shard, not by npm test.
        test: { name: 'build', include: ['tests/build/**/*.test.ts'], environment: 'node', testTimeout: 300_000 },
      },
      {
        resolve: { alias },
        test: {
          name: 'http',
          include: ['tests/http/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // Live board events need LISTEN: the Neon driver has none and answers 503 (clients poll) — each run
          // executes the file that applies to its driver, so nothing is skipped.
          // The migration-window file migrates its own embedded databases: it runs once, in the PGlite run.
          exclude: [
            ...(process.env.TIKA_TEST_DB === 'neon'
              ? ['tests/integration/ui-realtime.test.ts', 'tests/integration/labels-live.test.ts']
              : ['tests/integration/ui-realtime-neon.test.ts']),
            ...(process.env.TIKA_TEST_DB ? ['tests/integration/migration-window.test.ts'] : []),
          ],
          environment: 'node',
          setupFiles: ['tests/support/db-setup.ts'],
          // Sized for the landing gate, which runs on 2 cores shared by eight engineers (load average 20–30):
          // there the live-events and migration tests took 20–60 s and failed on time alone. Idle CI is far below.
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
