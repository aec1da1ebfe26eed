// Output files of every command, never half-written: files are first written into a temporary folder
// next to the target (same file system), then renamed into `--out DIR` one by one once the command has
// succeeded; on error the temporary folder is removed and DIR is left as it was.
//
//   await withOutput(opts.out, async (out) => {
//     out.writeJson('describe.json', report);
//     out.write('heatmap.svg', svg);
//   });                                   // → files appear in opts.out only if the callback succeeds
// Commands on the scaffold (command.ts) call `ctx.write(fn)`, which does this and prints the "wrote …" line.
import { accessSync, constants, mkdirSync, renameSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, toCsv, type CsvValue } from '@cartograph/stats';

/**
 * Check `--out DIR` before any work: an existing file, or a parent that cannot be written, is bad input
 * (exit 2) now rather than a failure after a long fit.
 */
export function checkOutTarget(dir: string): void {
  const target = resolve(dir);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new InputError(dir, 0, 0, 'exists and is not a folder (--out needs a folder)');
    return;
  }
  let parent = dirname(target);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  if (!statSync(parent).isDirectory()) throw new InputError(dir, 0, 0, `--out: ${parent} is a file, not a folder`);
  try {
    accessSync(parent, constants.W_OK);
  } catch {
    throw new InputError(dir, 0, 0, `--out: cannot write in ${parent}`);
  }
}

export class OutputDir {
  /** The folder the files end up in. */
  readonly target: string;
  /** The temporary folder they are written to first. */
  readonly staging: string;
  private readonly names: string[] = [];
  private done = false;

  constructor(target: string) {
    checkOutTarget(target);
    this.target = resolve(target);
    const parent = dirname(this.target);
    mkdirSync(parent, { recursive: true });
    this.staging = join(parent, `.${basename(this.target)}.tmp-${process.pid}-${Date.now().toString(36)}`);
    mkdirSync(this.staging, { recursive: true });
  }

  /** Path inside the staging folder (for writers that want a path; the file is moved at commit). */
  path(name: string): string {
    if (!this.names.includes(name)) this.names.push(name);
    const p = join(this.staging, name);
    mkdirSync(dirname(p), { recursive: true });
    return p;
  }

  write(name: string, data: string | Uint8Array): void {
    writeFileSync(this.path(name), data);
  }

  writeJson(name: string, value: unknown): void {
    this.write(name, `${JSON.stringify(value, null, 2)}\n`);
  }

  /** A CSV file through the project's one RFC 4180 writer (missing numbers as NA). */
  writeCsv(name: string, header: readonly string[], rows: Iterable<readonly CsvValue[]>): void {
    this.write(name, toCsv(header, rows));
  }

  /** Names (relative to the target) of the files written so far. */
  written(): string[] {
    return this.names.slice();
  }

  /** Final paths of the files written so far. */
  files(): string[] {
    return this.names.map((n) => join(this.target, n));
  }

  /** Move every staged file into the target folder, then remove the staging folder. */
  commit(): string[] {
    if (this.done) throw new Error('OutputDir: already committed or aborted');
    mkdirSync(this.target, { recursive: true });
    for (const n of this.names) {
      const dst = join(this.target, n);
      mkdirSync(dirname(dst), { recursive: true });
      renameSync(join(this.staging, n), dst);
    }
    rmSync(this.staging, { recursive: true, force: true });
    this.done = true;
    return this.files();
  }

  /** Drop everything staged. */
  abort(): void {
    if (this.done) return;
    rmSync(this.staging, { recursive: true, force: true });
    this.done = true;
  }
}

/**
 * Run `fn` with a staging OutputDir for `dir`; commit when it resolves, abort when it throws. With no
 * `dir` (the command was run without --out), `fn` gets null and nothing is written.
 */
export async function withOutput<T>(dir: string | undefined | null, fn: (out: OutputDir | null) => T | Promise<T>): Promise<T> {
  if (!dir) return fn(null);
  const out = new OutputDir(dir);
  try {
    const result = await fn(out);
    out.commit();
    return result;
  } catch (e) {
    out.abort();
    throw e;
  }
}
