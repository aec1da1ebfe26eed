import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';

// `source` resolves the workspace packages to their TypeScript sources; the default client conditions
// (module, browser, …) must stay, or packages such as hyparquet resolve to their Node entry points.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  worker: { format: 'es' },
  // `a ** b` becomes Math.pow(a, b), so that the worker's fdlibm pow (src/fdlibm.ts) computes it as the CLI's
  // Node does; the engine's own ** would use the browser's pow, which differs in the last bit.
  esbuild: { supported: { 'exponent-operator': false } },
  build: { outDir: 'dist', target: 'es2022', chunkSizeWarningLimit: 2000 },
  // the demo CSVs are imported from data/demo at the repository root
  server: { fs: { allow: ['../..'] } },
});
