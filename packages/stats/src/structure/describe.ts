// Sample description of complete benchmark scores: Pearson and Spearman correlation matrices and the
// shape of each benchmark's distribution.
import { averageRanks } from '../math/index.js';

/** Pearson correlations of the columns of an n × p row-major matrix. */
export function pearsonMatrix(data: Float64Array, n: number, p: number): number[][] {
  const mean = new Float64Array(p);
  for (let r = 0; r < n; r++) for (let j = 0; j < p; j++) mean[j]! += data[r * p + j]!;
  for (let j = 0; j < p; j++) mean[j]! /= n;
  const c = new Float64Array(p * p);
  for (let r = 0; r < n; r++) for (let i = 0; i < p; i++) {
    const di = data[r * p + i]! - mean[i]!;
    for (let j = 0; j <= i; j++) c[i * p + j]! += di * (data[r * p + j]! - mean[j]!);
  }
  const out: number[][] = [];
  for (let i = 0; i < p; i++) {
    out.push([]);
    for (let j = 0; j < p; j++) {
      const a = Math.max(i, j);
      const b = Math.min(i, j);
      out[i]!.push(i === j ? 1 : c[a * p + b]! / Math.sqrt(c[i * p + i]! * c[j * p + j]!));
    }
  }
  return out;
}

/** Spearman correlations: Pearson correlations of the average ranks (R's cor(method = "spearman")). */
export function spearmanMatrix(data: Float64Array, n: number, p: number): number[][] {
  const ranks = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    const col = new Float64Array(n);
    for (let r = 0; r < n; r++) col[r] = data[r * p + j]!;
    const rk = averageRanks(col);
    for (let r = 0; r < n; r++) ranks[r * p + j] = rk[r]!;
  }
  return pearsonMatrix(ranks, n, p);
}

export interface Shape {
  mean: number;
  sd: number;
  min: number;
  max: number;
  /** g₁ = m₃ / m₂^{3/2} (moments about the mean, ÷ n). */
  skewness: number;
  /** g₂ = m₄ / m₂² − 3. */
  excess_kurtosis: number;
  /** share of models at the benchmark's minimum (a floor) */
  share_at_min: number;
}

export function shape(data: Float64Array, n: number, p: number, j: number): Shape {
  let mean = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < n; r++) {
    const v = data[r * p + j]!;
    mean += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let atMin = 0;
  for (let r = 0; r < n; r++) {
    const d = data[r * p + j]! - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
    if (data[r * p + j] === min) atMin++;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { mean, sd: Math.sqrt((m2 * n) / (n - 1)), min, max, skewness: m3 / Math.pow(m2, 1.5), excess_kurtosis: m4 / (m2 * m2) - 3, share_at_min: atMin / n };
}
