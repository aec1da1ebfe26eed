// Builds the commander program from the command modules. Each command module exports
// `register(program)`; add one import and one line to COMMANDS for a new command.
import { Command } from 'commander';

export type Register = (program: Command) => void;

export function buildProgram(commands: Register[]): Command {
  const program = new Command();
  program
    .name('cartograph')
    .description('Read an LLM leaderboard as a measurement instrument: latent structure, ecosystem variance, denoised scaling.')
    .version('0.1.0')
    .showHelpAfterError();
  for (const register of commands) register(program);
  return program;
}
