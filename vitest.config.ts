import { defineConfig } from 'vitest/config';

// Three tiers, named by suffix: *.unit.test.ts (pure, no I/O), *.int.test.ts
// (real PostgreSQL/Redis), *.e2e.test.ts (a started server over HTTP/WebSocket).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['src/**/*.unit.test.ts', 'test/**/*.unit.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'int',
          sequence: { groupOrder: 1 },
          include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts', 'test/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
    ],
  },
});
