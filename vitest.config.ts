import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 600_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'trainer/src/**/*.test.ts', 'edge/src/**/*.test.ts'],
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
          // The worker tests start workerd processes: run the files one after another on 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
