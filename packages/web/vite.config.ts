import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';

// `source` resolves the workspace packages to their TypeScript sources; the default client conditions
// (module, browser, …) must stay, or packages such as hyparquet resolve to their Node entry points.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  worker: { format: 'es' },
  build: { outDir: 'dist', target: 'es2022', chunkSizeWarningLimit: 2000 },
  // the demo CSVs are imported from data/demo at the repository root
  server: { fs: { allow: ['../..'] } },
});
