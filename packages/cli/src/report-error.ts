// One place that turns an error into one line on stderr and an exit code (documented in README.md):
//   0  success
//   1  internal error — a bug in cartograph: the only case that asks for a bug report
//   2  bad input or usage: a file, a line, a column or an option is wrong, or an input the command needs is
//      missing (InputError, MissingInputError, commander's errors)
//   3  cannot estimate: the data do not allow the method (EstimationError), with the reason
// A stack trace is printed only with --debug.
import { CommanderError } from 'commander';
import { EstimationError, InputError, MissingInputError, type MissingInput } from '@cartograph/stats';

/** The options that give each kind of input the library can say is missing. */
export const OPTION_FOR: Record<MissingInput, string> = {
  'model metadata': '--models-from TABLE or --models FILE',
  'item responses': '--responses FILE or --lm-eval DIR',
  'benchmark scores': '--scores FILE or --leaderboard TABLE',
  'item counts': '--items-per-benchmark N or NAME=N,…',
};

export const EXIT = { ok: 0, internal: 1, badInput: 2, cannotEstimate: 3 } as const;

/**
 * Text for the terminal with the control characters of input strings made visible (a model id holding an
 * escape sequence must not drive the terminal): C0 controls but tab and newline, DEL and C1 → U+FFFD.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}

export function reportError(err: unknown, debug = false, write: (line: string) => void = (l) => process.stderr.write(`${terminalSafe(l)}\n`)): number {
  const stack = (): void => {
    if (debug && err instanceof Error && err.stack) write(err.stack);
  };
  if (err instanceof CommanderError) {
    // commander has already printed its one line (see program.ts: configureOutput)
    return err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  }
  if (err instanceof InputError) {
    write(`cartograph: bad input: ${err.message}`);
    stack();
    return EXIT.badInput;
  }
  if (err instanceof MissingInputError) {
    write(`cartograph: bad input: ${err.detail}; give ${OPTION_FOR[err.needs] ?? err.needs}`);
    stack();
    return EXIT.badInput;
  }
  if (err instanceof EstimationError) {
    write(`cartograph: cannot estimate: ${err.message}`);
    stack();
    return EXIT.cannotEstimate;
  }
  const msg = err instanceof Error ? err.message : String(err);
  write(`cartograph: internal error: ${msg}${debug ? '' : ' — this is a bug in cartograph; please report it with the output of the same command run with --debug'}`);
  stack();
  return EXIT.internal;
}
