// Pearson and Spearman correlation over paired samples (two-pass: means first, then centred sums).
// NaN anywhere gives NaN (callers choose their complete pairs); fewer than 2 pairs or a constant
// variable gives NaN.

/** Pearson product-moment correlation of x and y (same length). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`pearson: lengths differ (${n} and ${y.length})`);
  if (n < 2) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Ranks 1..n with ties given their average rank (R's rank(ties.method = "average")). NaN stays NaN. */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(x[i]!)) idx.push(i);
  idx.sort((a, b) => x[a]! - x[b]!);
  const r = new Float64Array(n).fill(NaN);
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && x[idx[j + 1]!] === x[idx[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]!] = avg;
    i = j + 1;
  }
  return r;
}

/** Spearman rank correlation: Pearson on the average ranks (R's cor(method = "spearman")). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (y.length !== x.length) throw new RangeError(`spearman: lengths differ (${x.length} and ${y.length})`);
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) return NaN;
  return pearson(averageRanks(x), averageRanks(y));
}
