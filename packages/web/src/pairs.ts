// The 2×2 tables behind the modification-index map: the structure stage's items again through the library's
// tetrachoric runner (runTetrachoric; its correlation step split across `workers` Web Workers by the
// library's parallel/tetrachoric.ts, bit-identical to one worker), then per asked pair its four counts, ρ and
// the two thresholds. Pure apart from the workers: tested in Node (test/web.pairs.unit.test.ts).
import { pairIndex, runTetrachoric, selectItems, type Leaderboard, type ProgressEvent } from '@cartograph/stats';
import type { TetraPairOut } from './protocol.js';

export interface PairTables {
  nItems: number;
  nModels: number;
  rho: Float64Array;
  flags: Int32Array;
  pairs: TetraPairOut[];
}

export async function pairTables(lb: Leaderboard, items: readonly string[], missing: 'listwise' | 'pairwise', workers: number, pairs: readonly (readonly [string, string])[], onProgress?: (p: ProgressEvent) => void): Promise<PairTables> {
  const sub = selectItems(lb, items as string[]);
  const run = await runTetrachoric(sub, { missing, workers, itemOrder: items, onProgress });
  const res = run.result;
  const J = res.nItems;
  const at = new Map(res.items.map((id, k) => [id, k] as const));
  const out = pairs.flatMap(([a, b]) => {
    const i = at.get(a), j = at.get(b);
    if (i === undefined || j === undefined || i === j) return [];
    const k = pairIndex(i, j, J);
    // the library stores a pair's cells as 2·y_hi + y_lo (hi = the later item of the pair in the matrix):
    // as-is when item 1 is the later one, the two discordant cells swapped otherwise
    const c = [res.counts[4 * k]!, res.counts[4 * k + 1]!, res.counts[4 * k + 2]!, res.counts[4 * k + 3]!] as const;
    const counts: [number, number, number, number] = i > j ? [c[0], c[1], c[2], c[3]] : [c[0], c[2], c[1], c[3]];
    const r = res.rho[k]!;
    return [{ item1: a, item2: b, counts, rho: Number.isFinite(r) ? r : null, tau1: res.thresholds[i]!, tau2: res.thresholds[j]! }];
  });
  return { nItems: J, nModels: res.nModels, rho: res.rho, flags: res.flags, pairs: out };
}
