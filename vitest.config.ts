import { defineConfig } from 'vitest/config';

// One vitest run covers every package's unit tests and the cross-package tests in test/.
// The `source` condition resolves workspace packages to their TypeScript sources.
export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'packages/web/test/browser/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
