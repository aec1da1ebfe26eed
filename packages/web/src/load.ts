// Files → one Leaderboard, in the worker: the browser's counterpart of the CLI's loadInputs
// (packages/cli/src/inputs.ts), calling the same readers of @cartograph/stats.
import {
  assembleLeaderboard,
  InputError,
  readItems,
  readLeaderboardTable,
  readLmEvalBlock,
  readModels,
  readResponses,
  readScores,
  type InputFile,
  type Leaderboard,
} from '@cartograph/stats';
import type { FilePayload, LmEvalChoice } from './protocol.js';

export async function leaderboardFromFiles(files: readonly FilePayload[], itemsPerBenchmark: number | null, lmEvalChoice: LmEvalChoice = { metric: null, filter: null }): Promise<Leaderboard> {
  const used = files.filter((f) => f.role !== 'ignore');
  const input = (f: FilePayload): InputFile => ({ name: f.name, data: new Uint8Array(f.data) });
  const one = (role: FilePayload['role']): FilePayload | null => {
    const of = used.filter((f) => f.role === role);
    if (of.length > 1) throw new InputError(of[1]!.name, 0, 0, `only one ${role} file can be used (also given: ${of[0]!.name})`);
    return of[0] ?? null;
  };
  const leaderboard = one('leaderboard');
  const responses = used.filter((f) => f.role === 'responses');
  const lmEval = used.filter((f) => f.role === 'lm-eval');
  const scores = one('scores');
  if (leaderboard) {
    if (responses.length > 0 || lmEval.length > 0 || scores) throw new InputError(leaderboard.name, 0, 0, 'a leaderboard table cannot be combined with response or score files');
    const table = await readLeaderboardTable(input(leaderboard));
    return assembleLeaderboard({ scores: table.scores, models: table.models, itemsPerBenchmark, warnings: table.warnings });
  }
  if (responses.length === 0 && lmEval.length === 0 && !scores) {
    throw new InputError('(files)', 0, 0, 'no data: add a responses, scores, leaderboard file or an lm-eval folder');
  }
  const items = one('items');
  const models = one('models');
  const blocks = responses.map((f) => readResponses(input(f), { benchmark: f.benchmark }));
  const warnings: string[] = [];
  if (lmEval.length > 0) {
    const root = lmEval[0]!.name.split('/')[0] ?? '(lm-eval logs)';
    const { block, warnings: w } = readLmEvalBlock(lmEval.map(input), { metric: lmEvalChoice.metric, filter: lmEvalChoice.filter }, root);
    blocks.unshift(block);
    warnings.push(...w);
  }
  return assembleLeaderboard({
    responses: blocks,
    items: items ? readItems(input(items)) : null,
    models: models ? readModels(input(models)) : null,
    scores: scores ? readScores(input(scores)) : null,
    itemsPerBenchmark,
    warnings,
    sources: used.map((f) => f.name),
  });
}
