// Bundles the queue package with esbuild: dist/index.js (what the CLI imports at run time),
// dist/pool-worker.js (the local pool's worker thread module) and dist/processor.js (BullMQ's sandboxed
// processor, run in child processes). bullmq, ioredis and piscina stay external: they locate their own
// files (Lua scripts, worker mains) next to themselves.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: { index: join(root, 'src/index.ts'), 'pool-worker': join(root, 'src/pool-worker.ts'), processor: join(root, 'src/processor.ts') },
  outdir: join(root, 'dist'),
  bundle: true,
  splitting: false,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  sourcemap: true,
  external: ['bullmq', 'ioredis', 'piscina'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
