#!/usr/bin/env node
// Thin launcher: the bundled CLI is built into dist/ by `npm run build`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cartograph.js');
if (!existsSync(bundle)) {
  console.error('cartograph: not built yet. Run `npm run build` at the repository root first.');
  process.exit(2);
}
await import(pathToFileURL(bundle).href);
