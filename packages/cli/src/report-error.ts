// One place that turns an error into a message and an exit code.
import { EstimationError, InputError } from '@cartograph/stats';

export function reportError(err: unknown): number {
  if (err instanceof InputError) {
    console.error(`cartograph: bad input: ${err.message}`);
    return 2;
  }
  if (err instanceof EstimationError) {
    console.error(`cartograph: ${err.message}`);
    return 3;
  }
  console.error(`cartograph: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return 1;
}
