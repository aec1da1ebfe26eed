// Input files for the reader tests, as the CLI hands them to the library: { name, data } with the name
// relative to the repository root (a single file) or to the tree's folder (an lm-eval output tree, walked
// in sorted order so every run sees the files in the same order).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface TestInputFile {
  name: string;
  data: Buffer;
}

/** The file at `rel` below `root`, named `rel`. */
export function inputFile(root: string, rel: string): TestInputFile {
  return { name: rel, data: readFileSync(join(root, rel)) };
}

/** Every file below the folder `rel` (recursively, sorted), named relative to that folder. */
export function inputTree(root: string, rel: string): TestInputFile[] {
  const out: TestInputFile[] = [];
  const visit = (d: string): void => {
    for (const e of readdirSync(join(root, d)).sort()) {
      const p = join(d, e);
      if (statSync(join(root, p)).isDirectory()) visit(p);
      else out.push({ name: relative(rel, p), data: readFileSync(join(root, p)) });
    }
  };
  visit(rel);
  return out;
}
