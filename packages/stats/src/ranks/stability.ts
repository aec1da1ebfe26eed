// Rank stability: the raw leaderboard average against the precision-weighted latent general factor.
// The latent ranking uses each model's posterior mean (EAP: a precision-weighted, shrunken estimate)
// and its posterior SD; rank uncertainty comes from joint posterior draws θ_i ~ N(EAP_i, PSD_i²),
// independent across models given the item parameters (the normal approximation of the posterior),
// ranked draw by draw: expected rank and a 95 % interval (2.5 % and 97.5 % quantiles of the rank).
// Cf. Hall & Miller (2009, "Using the bootstrap to quantify the authority of an empirical ranking",
// Ann. Stat. 37:3929–3959) for rank intervals; retention of the top/bottom sets as in Hardy et al.
import type { Rng } from '../util/rng.js';
import { pearson } from '../math/index.js';

export interface RankInput {
  ids: readonly string[];
  /** Raw leaderboard average (higher = better); NaN = not available (the model is left out). */
  raw: ArrayLike<number>;
  /** Posterior mean and SD of the latent general factor. */
  mean: ArrayLike<number>;
  sd: ArrayLike<number>;
}

export interface RankOptions {
  /** Posterior draws for the rank intervals (default 1000). */
  draws?: number;
  rng: Rng;
  /** How many biggest movers to list in each direction (default 10). */
  movers?: number;
}

export interface RankedModel {
  id: string;
  raw: number;
  /** 1 = best; ties share the mean rank. */
  rawRank: number;
  mean: number;
  sd: number;
  /** Rank of the posterior mean. */
  latentRank: number;
  /** Mean rank over the posterior draws, and its 95 % interval. */
  expectedRank: number;
  rankLo: number;
  rankHi: number;
  /** rawRank − latentRank: positive = the latent ranking puts the model higher. */
  shift: number;
}

export interface RetentionRow {
  set: 'top 1%' | 'top 10%' | 'bottom 1%';
  size: number;
  /** Models in the raw set that are also in the latent set. */
  retained: number;
  retention: number;
}

export interface RankReport {
  nModels: number;
  draws: number;
  /** Spearman correlation of the two rankings. */
  spearman: number;
  retention: RetentionRow[];
  /** Mean width of the 95 % rank interval, in ranks and as a fraction of the number of models. */
  meanIntervalWidth: number;
  models: RankedModel[];
  /** Biggest moves up (latent ranks them higher than raw) and down. */
  moversUp: RankedModel[];
  moversDown: RankedModel[];
  leftOut: string[];
}

/** Ranks with ties averaged; rank 1 = largest value. */
export function ranksDescending(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[b]! - x[a]! || a - b);
  const r = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1]!] === x[idx[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) r[idx[t]!] = avg;
    i = j + 1;
  }
  return r;
}

/**
 * Rank draws: for each model, its rank (1 = best) in each of `draws` posterior draws (draw-major).
 * Each draw is sorted with the native numeric sort and every model's rank found by binary search
 * (models with exactly equal draws share the best of their ranks).
 */
export function rankDraws(mean: Float64Array, sd: Float64Array, draws: number, rng: Rng): Int32Array {
  const n = mean.length;
  const out = new Int32Array(draws * n);
  const val = new Float64Array(n);
  const sorted = new Float64Array(n);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < n; i++) val[i] = mean[i]! + sd[i]! * rng.normal();
    sorted.set(val);
    sorted.sort(); // ascending
    for (let i = 0; i < n; i++) {
      // number of draws strictly greater than val[i] = n − (index of the first element > val[i])
      const v = val[i]!;
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid]! <= v) lo = mid + 1;
        else hi = mid;
      }
      out[d * n + i] = n - lo + 1;
    }
  }
  return out;
}

export function rankStability(input: RankInput, opts: RankOptions): RankReport {
  const draws = opts.draws ?? 1000;
  if (!(Number.isInteger(draws) && draws >= 10)) throw new RangeError(`rankStability: draws must be an integer ≥ 10, got ${draws}`);
  const n0 = input.ids.length;
  if (input.raw.length !== n0 || input.mean.length !== n0 || input.sd.length !== n0) throw new RangeError('rankStability: ids, raw, mean and sd must have the same length');
  const keep: number[] = [];
  const leftOut: string[] = [];
  for (let i = 0; i < n0; i++) {
    if (Number.isFinite(input.raw[i]!) && Number.isFinite(input.mean[i]!) && Number.isFinite(input.sd[i]!) && input.sd[i]! >= 0) keep.push(i);
    else leftOut.push(input.ids[i]!);
  }
  const n = keep.length;
  if (n < 2) throw new RangeError(`rankStability: only ${n} model(s) with both a raw score and a latent score`);
  const raw = Float64Array.from(keep, (i) => input.raw[i]!);
  const mean = Float64Array.from(keep, (i) => input.mean[i]!);
  const sd = Float64Array.from(keep, (i) => input.sd[i]!);
  const rawRank = ranksDescending(raw);
  const latentRank = ranksDescending(mean);
  const rd = rankDraws(mean, sd, draws, opts.rng);
  const models: RankedModel[] = [];
  const col = new Int32Array(draws);
  const lo = Math.floor(0.025 * (draws - 1));
  const hi = Math.ceil(0.975 * (draws - 1));
  let widthSum = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < draws; d++) {
      col[d] = rd[d * n + i]!;
      s += col[d]!;
    }
    col.sort();
    const m: RankedModel = {
      id: input.ids[keep[i]!]!,
      raw: raw[i]!,
      rawRank: rawRank[i]!,
      mean: mean[i]!,
      sd: sd[i]!,
      latentRank: latentRank[i]!,
      expectedRank: s / draws,
      rankLo: col[lo]!,
      rankHi: col[hi]!,
      shift: rawRank[i]! - latentRank[i]!,
    };
    widthSum += m.rankHi - m.rankLo;
    models.push(m);
  }
  const retention = (['top 1%', 'top 10%', 'bottom 1%'] as const).map((set): RetentionRow => {
    const frac = set === 'top 10%' ? 0.1 : 0.01;
    const size = Math.max(1, Math.ceil(frac * n));
    const pick = (r: Float64Array): Set<number> => {
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (set === 'bottom 1%' ? r[b]! - r[a]! : r[a]! - r[b]!) || a - b);
      return new Set(order.slice(0, size));
    };
    const A = pick(rawRank);
    const B = pick(latentRank);
    let k = 0;
    for (const i of A) if (B.has(i)) k++;
    return { set, size, retained: k, retention: k / size };
  });
  const nm = opts.movers ?? 10;
  const byShift = [...models].sort((a, b) => b.shift - a.shift || a.latentRank - b.latentRank);
  return {
    nModels: n,
    draws,
    spearman: pearson(rawRank, latentRank),
    retention,
    meanIntervalWidth: widthSum / n,
    models,
    moversUp: byShift.slice(0, nm).filter((m) => m.shift > 0),
    moversDown: byShift.slice(-nm).reverse().filter((m) => m.shift < 0),
    leftOut,
  };
}
