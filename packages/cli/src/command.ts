// The one way to declare a command. A command file declares its options, then in `run` loads the data,
// calls its runner in @cartograph/stats with ctx's callbacks, prints the library's formatter output and
// writes its files — nothing else (see README.md of this package).
//
//   export const register = defineCommand<Flags>({
//     name: 'describe',
//     description: 'per-benchmark means, …',
//     options: [opt.number('--alpha <a>', 'two-sided level', { gt: 0, lt: 1, default: 0.05 })],
//     async run(ctx) {
//       const lb = await ctx.load();                                   // shared input options → Leaderboard
//       const rep = runDescribe(lb, { alpha: ctx.flags.alpha, ...ctx.callbacks });
//       ctx.print(formatDescribe(rep));                               // stdout, unless --quiet
//       await ctx.write((out) => out.writeJson('describe.json', rep)); // staged --out, then "wrote …"
//     },
//   });
//
// Every command gets --quiet and --debug; with `inputs` (default) the shared input options (inputs.ts);
// with `out` (default 'optional') --out DIR, checked before any work. `run` executes on a worker thread in
// the bundled CLI (worker.ts), so the progress display keeps its heartbeat while the library computes.
import type { Command, Option } from 'commander';
import { formatInputSummary, readItems, type Leaderboard, type ProgressEvent, type RunCallbacks } from '@cartograph/stats';
import { addInputOptions, inputFiles, loadInputs, readInputFile, type InputOptions } from './inputs.js';
import { checkOutTarget, withOutput, type OutputDir } from './output.js';
import { ProgressDisplay } from './progress.js';
import type { Register } from './program.js';
import { Warnings, WARNINGS_FILE } from './warnings.js';
import { terminalSafe } from './report-error.js';
import { canUseWorker, displaySink, IN_WORKER, postResult, runInWorker, startTime, workerSink, type Sink } from './worker.js';

export interface CommonFlags extends InputOptions {
  out?: string;
  quiet?: boolean;
  debug?: boolean;
}

export interface CommandSpec<F> {
  name: string;
  description: string;
  /** add the shared input options and allow ctx.load() (default true) */
  inputs?: boolean;
  /** --out DIR: optional (default), required, or none */
  out?: 'optional' | 'required' | false;
  /** a description of --out naming the files, e.g. 'folder for describe.json and heatmap.svg' */
  outDescription?: string;
  options?: Option[];
  /** positional arguments, e.g. ['<file>'] */
  args?: string[];
  /** the body; it may return an exit code for a success that is not plain 0 (e.g. a CI gate's failure, 5) */
  run: (ctx: Context<F & CommonFlags>) => Promise<void | number> | void | number;
}

export class Context<F extends CommonFlags> {
  readonly warnings: Warnings;
  /** onProgress and onWarning for the library's runner options */
  readonly callbacks: Required<RunCallbacks>;
  private wroteOut = false;
  /** The leaderboard load() gave (its input-side files, e.g. the unmatched models, go into --out). */
  private loaded: Leaderboard | null = null;

  constructor(
    readonly flags: F,
    readonly args: string[] = [],
    readonly name = '',
    private readonly sink: Sink = displaySink(new ProgressDisplay({ quiet: !!flags.quiet })),
    private readonly t0 = Date.now(),
  ) {
    this.warnings = new Warnings((line) => this.sink.line(terminalSafe(line)));
    this.callbacks = {
      onProgress: (p) => this.sink.progress({ ...p, stage: terminalSafe(p.stage), ...(p.message !== undefined ? { message: terminalSafe(p.message) } : {}) }),
      onWarning: this.warnings.add,
    };
  }

  /** The shared input options → one Leaderboard; its warnings and its summary (coverage, metadata join,
   *  item counts) shown once. */
  async load(): Promise<Leaderboard> {
    this.sink.progress({ stage: 'reading inputs' });
    const lb = await loadInputs(this.flags);
    this.sink.idle();
    this.warnings.add(lb.warnings);
    const summary = formatInputSummary(lb);
    const unmatched = lb.metadataJoin ? lb.metadataJoin.unmatched.length + lb.metadataJoin.ambiguous.length : 0;
    this.info(unmatched > 0 && !this.flags.out ? `${summary}\n  (--out DIR writes the unmatched and ambiguous model names to models_unmatched.csv)` : summary);
    this.loaded = lb;
    return lb;
  }

  /** Item ids in the row order of --items (for layers that list items in file order), or undefined. */
  itemsFileOrder(): string[] | undefined {
    if (!this.flags.items) return undefined;
    return readItems(readInputFile(this.flags.items), { itemCol: this.flags.itemCol ?? null }).items.map((it) => it.id);
  }

  /** Report a stage to the progress display (for steps the command does itself, e.g. writing). */
  stage(p: ProgressEvent): void {
    this.sink.progress(p);
  }

  /** The library's formatted text on stdout (nothing with --quiet). */
  print(text: string): void {
    this.sink.idle();
    if (!this.flags.quiet && text !== '') this.sink.stdout(terminalSafe(text.endsWith('\n') ? text : `${text}\n`));
  }

  /** A status line on stderr (nothing with --quiet). */
  info(text: string): void {
    if (!this.flags.quiet) this.sink.line(terminalSafe(text));
  }

  /** Seconds since the command started. */
  elapsed(): number {
    return (Date.now() - this.t0) / 1000;
  }

  /**
   * Write the output files (only with --out): staged in a temporary folder, moved into --out when `fn`
   * succeeds, nothing half-written otherwise. Adds warnings.txt when warnings were collapsed. Prints the
   * "wrote …" line and returns the written paths.
   */
  async write(fn: (out: OutputDir) => void | Promise<void>): Promise<string[]> {
    this.sink.idle();
    this.wroteOut = true;
    const dir = this.flags.out;
    if (!dir) return [];
    const names = await withOutput(dir, async (out) => {
      await fn(out!);
      if (this.loaded) for (const f of inputFiles(this.loaded)) out!.write(f.name, f.content);
      if (this.warnings.collapsed()) out!.write(WARNINGS_FILE, `${this.warnings.all().join('\n')}\n`);
      return out!.written();
    });
    if (names.length > 0) this.sink.stdout(`wrote ${names.length} file${names.length === 1 ? '' : 's'} to ${dir}: ${names.join(', ')}\n`);
    return names;
  }

  /** End of the command: say where the collapsed warnings are. */
  finish(): void {
    this.sink.idle();
    const where = this.flags.out && this.wroteOut ? `full list in ${this.flags.out}/${WARNINGS_FILE}` : this.flags.out ? 'nothing was written' : `--out DIR writes the full list to ${WARNINGS_FILE}`;
    for (const line of this.warnings.summary(where)) this.sink.line(terminalSafe(line));
  }
}

export function defineCommand<F extends object = object>(spec: CommandSpec<F>): Register {
  return (program: Command) => {
    const cmd = program.command(spec.name).description(spec.description);
    for (const a of spec.args ?? []) cmd.argument(a);
    if (spec.inputs !== false) addInputOptions(cmd, { out: false });
    for (const o of spec.options ?? []) cmd.addOption(o);
    const outText = spec.outDescription ?? 'folder for the output files (written at the end, never half-written)';
    if (spec.out === 'required') cmd.requiredOption('--out <dir>', outText);
    else if (spec.out !== false) cmd.option('--out <dir>', outText);
    cmd.option('--quiet', 'print nothing but warnings, errors and the files written');
    cmd.option('--debug', 'on an error, print the stack trace');
    cmd.action(async (...params: unknown[]) => {
      // commander passes the positional arguments, then the options, then the command
      const flags = params[params.length - 2] as F & CommonFlags;
      const args = params.slice(0, spec.args?.length ?? 0) as string[];
      if (IN_WORKER) {
        // the worker: run the body, report its end to the main thread (worker.ts)
        const ctx = new Context<F & CommonFlags>(flags, args, spec.name, workerSink(), startTime());
        try {
          const code = await spec.run(ctx);
          ctx.finish();
          postResult(undefined, typeof code === 'number' ? code : undefined);
        } catch (e) {
          ctx.finish();
          postResult(e);
        }
        return;
      }
      if (flags.out) checkOutTarget(flags.out);
      const t0 = Date.now();
      const display = new ProgressDisplay({ quiet: !!flags.quiet });
      try {
        let code: number | void | undefined;
        if (canUseWorker()) code = await runInWorker(display, t0);
        else {
          const ctx = new Context<F & CommonFlags>(flags, args, spec.name, displaySink(display), t0);
          try {
            code = await spec.run(ctx);
          } finally {
            ctx.finish();
          }
        }
        if (typeof code === 'number') process.exitCode = code;
      } finally {
        display.stop();
      }
    });
  };
}
