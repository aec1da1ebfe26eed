// Where the worker entry points are: dist/pool-worker.js (local pool) and dist/processor.js (queue
// sandbox), next to this module once built, or in ../dist from the sources.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function entry(name: string): string {
  for (const rel of [`./${name}`, `../dist/${name}`]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error(`@cartograph/queue: ${name} is not built (npx turbo run build)`);
}

export const poolWorkerPath = (): string => entry('pool-worker.js');
export const processorPath = (): string => entry('processor.js');
