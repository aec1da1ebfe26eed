// The model frame of the scaling regressions: the models with a parameter count and responses (the
// others are left out, each with its reason — never a stop), log10 params centred, the ecosystem
// factors (unknown levels coded '(unknown)'), deployment dummies; and the manifest scores (per benchmark
// proportion correct, g = their mean) the latent slopes are compared with.
import type { Leaderboard } from '../data/leaderboard.js';
import { MISSING, ResponseMatrix } from '../data/leaderboard.js';
import { benchmarkAverage, proportionCorrect } from '../data/indexing.js';

export interface Frame {
  ids: string[];
  rows: number[];
  x: Float64Array;
  contributor: string[];
  architecture: string[];
  deployment: string[];
  /** Deployment dummies (treatment contrasts), N × d. */
  deployDummies: Float64Array;
  deployNames: string[];
}

const UNKNOWN = '(unknown)';

export function buildFrame(lb: Leaderboard, warnings: string[], dropped: { id: string; reason: string }[]): Frame {
  const resp = lb.responses!;
  const rows: number[] = [];
  for (let i = 0; i < lb.models.length; i++) {
    const m = lb.models[i]!;
    if (m.log10Params === null || !Number.isFinite(m.log10Params)) {
      dropped.push({ id: m.id, reason: 'no parameter count' });
      continue;
    }
    let any = false;
    for (let j = 0; j < resp.nItems && !any; j++) if (resp.values[i * resp.nItems + j] !== MISSING) any = true;
    if (!any) {
      dropped.push({ id: m.id, reason: 'no responses' });
      continue;
    }
    rows.push(i);
  }
  const N = rows.length;
  const mean = rows.reduce((a, i) => a + lb.models[i]!.log10Params!, 0) / N;
  const x = Float64Array.from(rows, (i) => lb.models[i]!.log10Params! - mean);
  let unk = 0;
  const lvl = (v: string | null): string => {
    if (v === null || v === '') {
      unk++;
      return UNKNOWN;
    }
    return v;
  };
  const contributor = rows.map((i) => lvl(lb.models[i]!.contributor));
  const architecture = rows.map((i) => lvl(lb.models[i]!.architecture));
  const deployment = rows.map((i) => lvl(lb.models[i]!.deployment));
  if (unk > 0) warnings.push(`${unk} missing contributor/architecture/deployment value(s) coded as '${UNKNOWN}'`);
  const levels = [...new Set(deployment)].sort();
  const deployNames = levels.slice(1).map((l) => `deployment${l}`);
  const d = deployNames.length;
  const deployDummies = new Float64Array(N * d);
  for (let i = 0; i < N; i++) {
    const k = levels.indexOf(deployment[i]!);
    if (k > 0) deployDummies[i * d + k - 1] = 1;
  }
  return { ids: rows.map((i) => lb.models[i]!.id), rows, x, contributor, architecture, deployment, deployDummies, deployNames };
}

/** OLS slope of the first regressor after the intercept, with its SE and df (n − p); rows with a missing y are dropped. */
export function subMatrix(resp: ResponseMatrix, rows: number[], cols: number[]): ResponseMatrix {
  const out = new Uint8Array(rows.length * cols.length);
  rows.forEach((i, r) => cols.forEach((j, c) => (out[r * cols.length + c] = resp.values[i * resp.nItems + j]!)));
  return new ResponseMatrix(rows.length, cols.length, out);
}

/** Manifest scores: per benchmark proportion correct, and g = mean over benchmarks (NaN when none observed). */
export function manifestScores(resp: ResponseMatrix, bench: string[], benchmarks: string[]): Float64Array[] {
  const pc = proportionCorrect(resp, bench, benchmarks);
  const B = benchmarks.length;
  const per = benchmarks.map((_, b) => Float64Array.from({ length: resp.nModels }, (_, i) => pc.p[i * B + b]!));
  return [benchmarkAverage(pc), ...per];
}

