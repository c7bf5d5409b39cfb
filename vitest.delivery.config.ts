import { defineConfig } from 'vitest/config';

// Checks of the delivery artefacts (Helm chart, Terraform, workflows, Argo CD, Vercel config).
// Node only, no coverage: these tests read files and run the helm binary from node_modules.
export default defineConfig({
  test: {
    include: ['tests/delivery/**/*.test.ts'],
    environment: 'node',
    coverage: { enabled: false },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
