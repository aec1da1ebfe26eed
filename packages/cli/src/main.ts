// Entry point of the bundled CLI.
import { buildProgram, type Register } from './program.js';
import { reportError } from './report-error.js';

const COMMANDS: Register[] = [];

buildProgram(COMMANDS)
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.exitCode = reportError(err);
  });
