// Files → one Leaderboard, in the worker. The rules (which files combine, the metadata join, built-in item
// counts, coverage) are the library's loadLeaderboard, the same function the CLI calls; here only the
// files' roles are turned into its request.
import { InputError, loadLeaderboard, parseItemCounts, type InputFile, type Leaderboard } from '@cartograph/stats';
import type { FilePayload, LmEvalChoice } from './protocol.js';

/** The page's item-counts box: empty, `N` (every benchmark) or `NAME=N,NAME=N` (e.g. `IFEval=541,BBH=5761`). */
export function parseItemCountsBox(text: string): number | Record<string, number> | null {
  const t = text.trim();
  return t === '' ? null : parseItemCounts(t, 'items per benchmark');
}

export async function leaderboardFromFiles(
  files: readonly FilePayload[],
  itemsPerBenchmark: number | Record<string, number> | null,
  lmEvalChoice: LmEvalChoice = { metric: null, filter: null },
  opts: { completeOnly?: boolean; modelCol?: string | null; normalised?: boolean } = {},
): Promise<Leaderboard> {
  const used = files.filter((f) => f.role !== 'ignore');
  const input = (f: FilePayload): InputFile => ({ name: f.name, data: new Uint8Array(f.data) });
  const one = (role: FilePayload['role']): InputFile | null => {
    const of = used.filter((f) => f.role === role);
    if (of.length > 1) throw new InputError(of[1]!.name, 0, 0, `only one ${role} file can be used (also given: ${of[0]!.name})`);
    return of[0] ? input(of[0]) : null;
  };
  const lmEval = used.filter((f) => f.role === 'lm-eval');
  const responses = used.filter((f) => f.role === 'responses');
  if (used.filter((f) => f.role === 'leaderboard').length === 0 && responses.length === 0 && lmEval.length === 0 && !used.some((f) => f.role === 'scores')) {
    throw new InputError('(files)', 0, 0, 'no data: add a responses, scores, leaderboard file or an lm-eval folder');
  }
  // A leaderboard table next to item responses is their model metadata; on its own it is the data.
  const table = one('leaderboard');
  const itemLevel = responses.length > 0 || lmEval.length > 0;
  const lb = await loadLeaderboard({
    responses: responses.map((f) => ({ file: input(f), benchmark: f.benchmark })),
    lmEval: lmEval.length > 0 ? { files: lmEval.map(input), root: lmEval[0]!.name.split('/')[0] ?? '(lm-eval logs)' } : null,
    items: one('items'),
    models: one('models'),
    modelsFrom: itemLevel ? table : null,
    scores: one('scores'),
    leaderboard: itemLevel ? null : table,
    metric: lmEvalChoice.metric,
    filter: lmEvalChoice.filter,
    itemsPerBenchmark,
    completeOnly: !!opts.completeOnly,
    modelCol: opts.modelCol?.trim() || null,
    normalised: !!opts.normalised,
  });
  lb.sources = [...new Set([...lb.sources, ...used.map((f) => f.name)])];
  return lb;
}
