// The library's typed errors across a thread's message boundary (a structured clone keeps an Error's message
// but not its class): a task that fails on a worker (the CLI's worker threads, the explorer's Web Workers) is
// rejected on the coordinating side with the same class, so the CLI maps it to the same exit code and
// runAudit gives the stage the same reason (MissingInputError → needs/enable, EstimationError → "cannot
// estimate", …) as when the task runs in one thread: audit.json does not depend on where a task ran.
import { MissingInputError, type MissingInput } from './leaderboard.js';
import { EstimationError, InputError } from '../util/errors.js';

export interface SerializedError {
  kind: 'input' | 'missing' | 'estimation' | 'other';
  name: string;
  message: string;
  stack?: string;
  file?: string;
  line?: number;
  column?: number | string;
  needs?: string;
  method?: string;
  detail?: string;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof InputError) return { kind: 'input', name: err.name, message: err.message, stack: err.stack, file: err.file, line: err.line, column: err.column, detail: err.detail };
  if (err instanceof MissingInputError) return { kind: 'missing', name: err.name, message: err.message, stack: err.stack, needs: err.needs, detail: err.detail };
  if (err instanceof EstimationError) return { kind: 'estimation', name: err.name, message: err.message, stack: err.stack, method: err.method, detail: err.detail };
  if (err instanceof Error) return { kind: 'other', name: err.name, message: err.message, stack: err.stack };
  return { kind: 'other', name: 'Error', message: String(err) };
}

/** The same typed error on this side, with the worker's stack. */
export function rebuildError(s: SerializedError): Error {
  let e: Error;
  if (s.kind === 'input') e = new InputError(s.file!, s.line!, s.column!, s.detail!);
  else if (s.kind === 'missing') e = new MissingInputError(s.needs as MissingInput, s.detail!);
  else if (s.kind === 'estimation') e = new EstimationError(s.method!, s.detail!);
  else {
    e = new Error(s.message);
    e.name = s.name;
  }
  if (s.stack) e.stack = s.stack;
  return e;
}
