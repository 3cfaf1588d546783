import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    // Both cores, for unit and integration files alike: an integration file spends much of its time
    // waiting on workerd, wrangler or a child process, and each works on its own copy of the store,
    // its own free port and its own temporary folders.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 600_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'trainer/src/**/*.test.ts', 'edge/src/**/*.test.ts', 'bench/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts', 'scripts/**/*.test.ts'],
          // One trained model, published once into local R2, serves every integration test; one worker bundle runs in each.
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/use-worker-bundle.ts'],
        },
      },
    ],
  },
});
