import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['source'] },
  worker: { format: 'es' },
  build: { outDir: 'dist', target: 'es2022' },
});
