import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

// One vitest run covers every package's unit tests and the cross-package tests in test/.
// Workspace packages resolve to their TypeScript sources (aliases: vitest externalises packages under
// node_modules, so the `source` export condition alone would load the built dist/ instead).
// core-wasm's embedded module (src/generated/) comes from `npm run build:wasm -w @cartograph/core-wasm`.
export default defineConfig({
  resolve: {
    conditions: ['source'],
    alias: {
      '@cartograph/core-wasm': src('./packages/core-wasm/src/index.ts'),
      '@cartograph/stats': src('./packages/stats/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'packages/web/test/browser/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
