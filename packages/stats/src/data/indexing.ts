// Index helpers of the data model that several layers share: the position of an item pair in lavaan's
// order of the correlations, and proportion correct per model × benchmark from the item responses.
import { MISSING, type ResponseMatrix } from './leaderboard.js';

/**
 * Index k (0-based) of the pair of items (i, j), i ≠ j, among the nItems·(nItems − 1)/2 correlations in
 * lavaan's vech order (column-wise below the diagonal: for j = 0 … J−2, i = j+1 … J−1). Symmetric in i, j.
 */
export function pairIndex(i: number, j: number, nItems: number): number {
  const a = Math.max(i, j);
  const b = Math.min(i, j);
  return b * nItems - (b * (b + 1)) / 2 + (a - b - 1);
}

/** Proportion correct per model × benchmark over the items each model answered. */
export interface ProportionCorrect {
  /** Benchmarks in order of first appearance among the items (or as given). */
  benchmarks: string[];
  nModels: number;
  /** Row-major nModels × benchmarks.length; NaN where the model answered none of the benchmark's items. */
  p: Float64Array;
  /** Answered items behind each cell. */
  n: Float64Array;
  /** Item indices of each benchmark. */
  itemsOf: number[][];
}

/**
 * Proportion correct of every model on every benchmark: (items correct) / (items answered), missing
 * responses left out. `itemBenchmark[j]` names item j's benchmark; `benchmarks` fixes the column order
 * (default: order of first appearance); items of benchmarks not listed are ignored.
 */
export function proportionCorrect(resp: ResponseMatrix, itemBenchmark: readonly string[], benchmarks?: readonly string[]): ProportionCorrect {
  if (itemBenchmark.length !== resp.nItems) throw new RangeError(`proportionCorrect: ${itemBenchmark.length} item benchmarks for ${resp.nItems} items`);
  const names = benchmarks ? [...benchmarks] : [...new Set(itemBenchmark)];
  const col = new Map(names.map((b, k) => [b, k] as const));
  const itemsOf: number[][] = names.map(() => []);
  itemBenchmark.forEach((b, j) => {
    const k = col.get(b);
    if (k !== undefined) itemsOf[k]!.push(j);
  });
  const M = resp.nModels;
  const J = resp.nItems;
  const B = names.length;
  const p = new Float64Array(M * B).fill(NaN);
  const n = new Float64Array(M * B);
  for (let m = 0; m < M; m++) {
    const base = m * J;
    for (let b = 0; b < B; b++) {
      let ones = 0;
      let seen = 0;
      for (const j of itemsOf[b]!) {
        const v = resp.values[base + j]!;
        if (v === MISSING) continue;
        seen++;
        ones += v;
      }
      n[m * B + b] = seen;
      if (seen > 0) p[m * B + b] = ones / seen;
    }
  }
  return { benchmarks: names, nModels: M, p, n, itemsOf };
}

/** Per model: the mean of its benchmarks' proportions correct over the benchmarks it has (NaN when none). */
export function benchmarkAverage(pc: ProportionCorrect): Float64Array {
  const B = pc.benchmarks.length;
  const out = new Float64Array(pc.nModels);
  for (let m = 0; m < pc.nModels; m++) {
    let t = 0;
    let c = 0;
    for (let b = 0; b < B; b++) {
      const v = pc.p[m * B + b]!;
      if (Number.isNaN(v)) continue;
      t += v;
      c++;
    }
    out[m] = c > 0 ? t / c : NaN;
  }
  return out;
}
