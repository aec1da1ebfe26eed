// Entry point of the bundled CLI.
import { buildProgram, type Register } from './program.js';
import { reportError } from './report-error.js';
import { register as simulate } from './commands/simulate.js';

const COMMANDS: Register[] = [simulate];

buildProgram(COMMANDS)
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.exitCode = reportError(err);
  });
