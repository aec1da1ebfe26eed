// Model × benchmark scores for `describe`: from item responses (proportion correct over the items a
// model answered, with that count), or from a scores table (with the benchmark's item count when known).
import { benchmarksOf, type Leaderboard } from '../data/leaderboard.js';
import { proportionCorrect } from '../data/indexing.js';

export interface ScoreGrid {
  benchmarks: string[];
  nModels: number;
  /** Row-major nModels × benchmarks.length; NaN = no score. */
  score: Float64Array;
  /** Items behind each cell (answered items for responses; the benchmark's count for tables); 0 = unknown. */
  n: Float64Array;
  /** Items per benchmark (responses: items in the benchmark; tables: the known count), null = unknown. */
  itemCount: (number | null)[];
  /** Item indices of each benchmark (responses only). */
  itemsOf: number[][] | null;
}

/** Per model × benchmark proportion correct and answered-item count from the response matrix. */
export function scoreGridFromResponses(lb: Leaderboard): ScoreGrid {
  const r = lb.responses;
  if (!r) throw new Error('scoreGridFromResponses: the leaderboard has no item responses');
  const pc = proportionCorrect(r, lb.items.map((it) => it.benchmark), benchmarksOf(lb.items));
  return { benchmarks: pc.benchmarks, nModels: r.nModels, score: pc.p, n: pc.n, itemCount: pc.itemsOf.map((x) => x.length), itemsOf: pc.itemsOf };
}

/** Per model × benchmark scores from a scores table (the counts are the benchmark's, when known). */
export function scoreGridFromScores(lb: Leaderboard): ScoreGrid {
  const s = lb.scores;
  if (!s) throw new Error('scoreGridFromScores: the leaderboard has no benchmark scores');
  const B = s.benchmarks.length;
  const M = lb.models.length;
  const n = new Float64Array(M * B);
  for (let m = 0; m < M; m++) for (let b = 0; b < B; b++) n[m * B + b] = s.itemCounts[b] ?? 0;
  return { benchmarks: [...s.benchmarks], nModels: M, score: Float64Array.from(s.values), n, itemCount: [...s.itemCounts], itemsOf: null };
}

/** Model × benchmark proportion correct as BenchmarkScores (for estimators that work on scores). */
export function benchmarkScoresFromResponses(lb: Leaderboard): { benchmarks: string[]; values: Float64Array; itemCounts: (number | null)[] } {
  const g = scoreGridFromResponses(lb);
  return { benchmarks: g.benchmarks, values: g.score, itemCounts: g.itemCount };
}
