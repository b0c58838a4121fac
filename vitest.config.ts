import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// Three tiers, named by suffix: *.unit.test.ts (pure, no I/O), *.int.test.ts
// (real PostgreSQL/Redis), *.e2e.test.ts (a started server over HTTP/WebSocket).
// int and e2e share the migrated template database made once per run (global setup).
const withDatabase: TestProjectInlineConfiguration['test'] = {
  environment: 'node',
  globalSetup: ['test/support/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks',
  maxWorkers: 2,
};

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
        test: { name: 'int', sequence: { groupOrder: 1 }, include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'], ...withDatabase },
      },
      {
        test: { name: 'e2e', sequence: { groupOrder: 2 }, include: ['src/**/*.e2e.test.ts', 'test/**/*.e2e.test.ts'], ...withDatabase },
      },
    ],
  },
});
