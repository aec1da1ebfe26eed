// Builds the commander program from the command modules. Each command module exports
// `register(program)` (most build it with defineCommand from command.ts); add one import and one line to
// COMMANDS in main.ts for a new command. Commander's own errors (unknown option, bad choice, a parser's
// InvalidArgumentError) become one line `cartograph: …` and exit 2 through report-error.ts.
import { Command } from 'commander';

export type Register = (program: Command) => void;

export function buildProgram(commands: Register[]): Command {
  const program = new Command();
  program
    .name('cartograph')
    .description('Read an LLM leaderboard as a measurement instrument: latent structure, ecosystem variance, denoised scaling.')
    .version('0.1.0')
    .option('--debug', 'on an error, print the stack trace')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`cartograph: ${str.replace(/^error: /, '')}`) });
  for (const register of commands) register(program);
  return program;
}
