// Stage 2: model spec → parameter table (lavaan's `lavaanify`, std.lv = TRUE, delta parameterization).
// Matrices (LISREL all-y notation, as lavaan): Λ (items × latents), B (latents × latents, η = Bη + ζ),
// Ψ = Cov(ζ) with unit diagonal, Θ = residual covariances of y* (off-diagonal free entries only; the
// diagonal is 1 − communality, not a parameter). Parameter vector: the structural parameters (loadings,
// latent loadings, latent covariances, residual covariances) first, then one threshold per item.
import { pairIndex } from '../data/indexing.js';
import { InputError } from '../util/errors.js';
import type { ModelSpec } from './spec.js';
import type { ParsedModel } from './syntax.js';

export type ParamKind = 'loading' | 'regression' | 'lvcov' | 'rescov' | 'threshold';

export interface ParamInfo {
  kind: ParamKind;
  /** loading: latent index, item index; regression: factor (higher-order) index a, indicator latent b
   *  (η_b = B[b][a] η_a); lvcov: latent indices a < b; rescov: item indices a > b; threshold: item a. */
  a: number;
  b: number;
  /** lavaan-style label: `f=~x1`, `g=~f1`, `f~~g`, `x1~~x2`, `x1|t1`. */
  label: string;
}

export interface ParTable {
  name: string;
  items: string[];
  latents: string[];
  /** Latents with item indicators (first-order), in order; the others are higher-order. */
  firstOrder: boolean[];
  params: ParamInfo[];
  /** Number of structural parameters (all parameters except the thresholds, which come last). */
  nStruct: number;
  /** Per item, its free loadings: latent index and parameter index. */
  itemLoadings: { latent: number; p: number }[][];
  /** Fixed (non-free) entries of Λ, row-major items × latents. */
  lambdaFixed: Float64Array;
  /** Fixed entries of B, row-major latents × latents. */
  betaFixed: Float64Array;
  /** Fixed entries of Ψ (unit diagonal), row-major. */
  psiFixed: Float64Array;
  /** Per pair (lavaan vech order), the residual-covariance parameter index or −1. */
  pairRescov: Int32Array;
  /** Fixed residual covariances per pair (0 unless `x1 ~~ 0.1*x2`). */
  rescovFixed: Float64Array;
}


/** Items of the pairs in vech order: pairI[k] > pairJ[k]. */
export function pairItems(nItems: number): { pairI: Int32Array; pairJ: Int32Array } {
  const n = (nItems * (nItems - 1)) / 2;
  const pairI = new Int32Array(n);
  const pairJ = new Int32Array(n);
  let k = 0;
  for (let j = 0; j < nItems - 1; j++)
    for (let i = j + 1; i < nItems; i++) {
      pairI[k] = i;
      pairJ[k] = j;
      k++;
    }
  return { pairI, pairJ };
}

/**
 * Builds the parameter table. `dataItems` are the items available; the model uses those it names as
 * indicators, in data order. Unknown names raise an InputError (pointing at the syntax token when the
 * spec was parsed).
 */
export function buildParTable(spec: ModelSpec | ParsedModel, dataItems: readonly string[], file = '<model>'): ParTable {
  const positions = 'positions' in spec ? spec.positions : undefined;
  const fail = (entry: object, detail: string): never => {
    const pos = positions?.get(entry as never);
    throw new InputError(file, pos?.line ?? 0, pos?.column ?? 0, detail);
  };
  const latents: string[] = [];
  for (const l of spec.loadings) if (!latents.includes(l.latent)) latents.push(l.latent);
  const latentIdx = new Map(latents.map((l, i) => [l, i]));
  const dataIdx = new Map(dataItems.map((it, i) => [it, i]));
  for (const l of spec.loadings)
    if (!latentIdx.has(l.indicator) && !dataIdx.has(l.indicator)) fail(l, `'${l.indicator}' is neither a latent variable of the model nor an item of the data`);
  const usedData = new Set(spec.loadings.filter((l) => !latentIdx.has(l.indicator)).map((l) => l.indicator));
  const items = dataItems.filter((it) => usedData.has(it));
  const itemIdx = new Map(items.map((it, i) => [it, i]));
  const J = items.length;
  const L = latents.length;
  if (J < 3) throw new InputError(file, 0, 0, `the model has ${J} items; at least 3 are needed`);
  const params: ParamInfo[] = [];
  const itemLoadings: { latent: number; p: number }[][] = items.map(() => []);
  const lambdaFixed = new Float64Array(J * L);
  const betaFixed = new Float64Array(L * L);
  const psiFixed = new Float64Array(L * L);
  for (let a = 0; a < L; a++) psiFixed[a * L + a] = 1;
  const firstOrder = latents.map(() => false);
  const endogenous = latents.map(() => false);
  const seen = new Set<string>();
  for (const l of spec.loadings) {
    const key = `${l.latent}=~${l.indicator}`;
    if (seen.has(key)) fail(l, `loading '${key}' is given twice`);
    seen.add(key);
    const a = latentIdx.get(l.latent)!;
    const li = latentIdx.get(l.indicator);
    if (li === undefined) {
      const i = itemIdx.get(l.indicator)!;
      firstOrder[a] = true;
      if (l.fixed !== undefined) lambdaFixed[i * L + a] = l.fixed;
      else {
        itemLoadings[i]!.push({ latent: a, p: params.length });
        params.push({ kind: 'loading', a, b: i, label: key });
      }
    } else {
      endogenous[li] = true;
      if (l.fixed !== undefined) betaFixed[li * L + a] = l.fixed;
      else params.push({ kind: 'regression', a, b: li, label: key });
    }
  }
  // Cycles among latents make I − B singular.
  const visiting = new Set<number>();
  const done = new Set<number>();
  const visit = (b: number): void => {
    if (done.has(b)) return;
    if (visiting.has(b)) throw new InputError(file, 0, 0, `the latent loadings form a cycle through '${latents[b]}'`);
    visiting.add(b);
    for (const p of params) if (p.kind === 'regression' && p.b === b) visit(p.a);
    visiting.delete(b);
    done.add(b);
  };
  for (let b = 0; b < L; b++) visit(b);
  const pairRescov = new Int32Array((J * (J - 1)) / 2).fill(-1);
  const rescovFixed = new Float64Array((J * (J - 1)) / 2);
  const lvDone = new Set<string>();
  for (const c of spec.covariances) {
    const la = latentIdx.get(c.a);
    const lb = latentIdx.get(c.b);
    if (la !== undefined && lb !== undefined) {
      const [a, b] = la < lb ? [la, lb] : [lb, la];
      const key = `${a},${b}`;
      if (lvDone.has(key)) fail(c, `covariance '${c.a} ~~ ${c.b}' is given twice`);
      lvDone.add(key);
      if (c.fixed !== undefined) {
        psiFixed[a * L + b] = c.fixed;
        psiFixed[b * L + a] = c.fixed;
      } else params.push({ kind: 'lvcov', a, b, label: `${latents[a]}~~${latents[b]}` });
      continue;
    }
    const ia = itemIdx.get(c.a);
    const ib = itemIdx.get(c.b);
    if (ia === undefined || ib === undefined) {
      const bad = (la === undefined && ia === undefined) ? c.a : c.b;
      fail(c, `'${bad}' in '${c.a} ~~ ${c.b}' is not a latent variable or an item (indicator) of the model; covariances between a latent and an item are not supported`);
    }
    const k = pairIndex(ia!, ib!, J);
    if (pairRescov[k] !== -1 || rescovFixed[k] !== 0) fail(c, `residual covariance '${c.a} ~~ ${c.b}' is given twice`);
    if (c.fixed !== undefined) rescovFixed[k] = c.fixed;
    else {
      pairRescov[k] = params.length;
      params.push({ kind: 'rescov', a: Math.max(ia!, ib!), b: Math.min(ia!, ib!), label: `${items[Math.max(ia!, ib!)]}~~${items[Math.min(ia!, ib!)]}` });
    }
  }
  // lavaan's cfa() default: covariances among exogenous latents free unless listed or orthogonal.
  if (!spec.orthogonal)
    for (let a = 0; a < L; a++)
      for (let b = a + 1; b < L; b++)
        if (!endogenous[a] && !endogenous[b] && !lvDone.has(`${a},${b}`)) params.push({ kind: 'lvcov', a, b, label: `${latents[a]}~~${latents[b]}` });
  const nStruct = params.length;
  for (let i = 0; i < J; i++) params.push({ kind: 'threshold', a: i, b: 0, label: `${items[i]}|t1` });
  return { name: spec.name, items, latents, firstOrder, params, nStruct, itemLoadings, lambdaFixed, betaFixed, psiFixed, pairRescov, rescovFixed };
}
