// Stage 2 of the mixed-model fit: the model frame. Rows with a missing value in any variable the
// formula uses are dropped (lme4's default na.action = na.omit); string columns are factors whose
// levels are sorted by code point (R's sort order under LC_COLLATE=C), with treatment contrasts
// (first level = reference) in the fixed part; random terms are ordered by decreasing number of
// levels, as lme4's mkReTrms does, which is also the elimination order of the sparse Cholesky
// (largest, typically nested-innermost factor first: little fill-in).
import { InputError } from '../util/errors.js';
import type { ParsedFormula, RandomTermSpec } from './formula.js';

/** A column of the data: numbers (NaN = missing) or strings (null, undefined or '' = missing). */
export type LmmColumn = ArrayLike<number> | ArrayLike<string | null | undefined>;
/** The data a mixed model reads: named columns of equal length. */
export type LmmData = Record<string, LmmColumn>;

export interface ReTerm {
  spec: RandomTermSpec;
  /** Index of the term in the formula's (expanded) random-term list. */
  formulaIndex: number;
  /** Grouping factor name as printed ("a" or "a:b"). */
  group: string;
  levels: string[];
  /** Level code of each frame row. */
  codes: Int32Array;
  /** Number of columns of the term (1 for an intercept). */
  k: number;
  /** Values of the term's columns, row-major n × k. */
  z: Float64Array;
  /** First column of the term in the random-effects vector (internal order). */
  offset: number;
  /** First θ of the term; it owns k(k+1)/2 θs (lower triangle of T, column-wise, as lme4). */
  thetaOffset: number;
}

export interface ModelFrame {
  n: number;
  /** Indices of the data rows used. */
  rows: Int32Array;
  /** Data rows dropped for missing values. */
  dropped: number;
  y: Float64Array;
  /** Fixed-effects model matrix, column-major n × p. */
  X: Float64Array;
  p: number;
  xNames: string[];
  /** Random terms in internal order (decreasing number of levels, ties in formula order). */
  terms: ReTerm[];
  q: number;
  nTheta: number;
  /** Lower bounds of θ: 0 for diagonal elements of T, -Infinity otherwise. */
  lower: Float64Array;
  /** Start values of θ (lme4: 1 on the diagonal, 0 elsewhere). */
  start: Float64Array;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function isNumericColumn(col: LmmColumn): boolean {
  if (col instanceof Float64Array || col instanceof Float32Array || col instanceof Int32Array) return true;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') return false;
  }
  return true;
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

export function buildFrame(f: ParsedFormula, data: LmmData, source = 'data'): ModelFrame {
  const col = (name: string): LmmColumn => {
    const c = data[name];
    if (!c) throw new InputError(source, 0, name, `column '${name}' used in the formula is not in the data (columns: ${Object.keys(data).join(', ')})`);
    return c;
  };
  const used = new Set<string>([f.response]);
  for (const t of f.fixed) for (const v of t.vars) used.add(v);
  for (const t of f.random) {
    for (const c of t.columns) if (c !== '(Intercept)') used.add(c);
    for (const g of t.group) used.add(g);
  }
  const N = col(f.response).length;
  for (const u of used) if (col(u).length !== N) throw new InputError(source, 0, u, `column '${u}' has ${col(u).length} rows, the response has ${N}`);
  const numeric = new Map<string, boolean>();
  for (const u of used) numeric.set(u, isNumericColumn(col(u)));
  if (!numeric.get(f.response)) throw new InputError(source, 0, f.response, `response '${f.response}' must be numeric`);
  for (const t of f.random)
    for (const c of t.columns)
      if (c !== '(Intercept)' && !numeric.get(c)) throw new InputError(source, 0, c, `random slope on '${c}': only numeric slope variables are supported (factor slopes are not)`);
  for (const t of f.fixed)
    if (t.vars.length > 1)
      for (const v of t.vars)
        if (!numeric.get(v)) throw new InputError(source, 0, v, `interaction '${t.vars.join(':')}' involves factor '${v}': only numeric × numeric interactions are supported`);

  // rows with no missing value among the used columns
  const keep: number[] = [];
  for (let i = 0; i < N; i++) {
    let ok = true;
    for (const u of used) {
      const v = col(u)[i];
      if (isMissing(v) || (numeric.get(u) && !Number.isFinite(Number(v)))) {
        ok = false;
        break;
      }
    }
    if (ok) keep.push(i);
  }
  const n = keep.length;
  const rows = Int32Array.from(keep);
  if (n === 0) throw new InputError(source, 0, 0, 'no complete rows for the variables of the formula');
  const num = (name: string): Float64Array => {
    const c = col(name);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Number(c[rows[i]!]);
    return out;
  };
  const factor = (name: string): { levels: string[]; codes: Int32Array } => {
    const c = col(name);
    const s = new Array<string>(n);
    for (let i = 0; i < n; i++) s[i] = String(c[rows[i]!]);
    const levels = [...new Set(s)].sort(cmp);
    const map = new Map(levels.map((l, j) => [l, j]));
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = map.get(s[i]!)!;
    return { levels, codes };
  };

  const y = num(f.response);
  // fixed part
  const xcols: Float64Array[] = [];
  const xNames: string[] = [];
  if (f.intercept) {
    xcols.push(new Float64Array(n).fill(1));
    xNames.push('(Intercept)');
  }
  let fullDummy = !f.intercept;
  for (const t of f.fixed) {
    if (t.vars.length === 1 && !numeric.get(t.vars[0]!)) {
      const v = t.vars[0]!;
      const { levels, codes } = factor(v);
      const startLevel = fullDummy ? 0 : 1;
      fullDummy = false;
      for (let l = startLevel; l < levels.length; l++) {
        const c = new Float64Array(n);
        for (let i = 0; i < n; i++) if (codes[i] === l) c[i] = 1;
        xcols.push(c);
        xNames.push(`${v}${levels[l]}`);
      }
    } else {
      const c = new Float64Array(n).fill(1);
      for (const v of t.vars) {
        const x = num(v);
        for (let i = 0; i < n; i++) c[i]! *= x[i]!;
      }
      xcols.push(c);
      xNames.push(t.vars.join(':'));
    }
  }
  const p = xcols.length;
  const X = new Float64Array(n * p);
  xcols.forEach((c, j) => X.set(c, j * n));

  // random part
  const draft = f.random.map((spec, formulaIndex) => {
    let levels: string[];
    let codes: Int32Array;
    if (spec.group.length === 1) ({ levels, codes } = factor(spec.group[0]!));
    else {
      const parts = spec.group.map((g) => factor(g));
      const s = new Array<string>(n);
      for (let i = 0; i < n; i++) s[i] = parts.map((pp) => pp.levels[pp.codes[i]!]).join(':');
      levels = [...new Set(s)].sort(cmp);
      const map = new Map(levels.map((l, j) => [l, j]));
      codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = map.get(s[i]!)!;
    }
    const k = spec.columns.length;
    const z = new Float64Array(n * k);
    spec.columns.forEach((c, j) => {
      const x = c === '(Intercept)' ? null : num(c);
      for (let i = 0; i < n; i++) z[i * k + j] = x ? x[i]! : 1;
    });
    if (levels.length < 2)
      throw new InputError(source, 0, spec.group.join(':'), `grouping factor '${spec.group.join(':')}' has a single level: its variance is not identified (drop the term)`);
    if (levels.length >= n)
      throw new InputError(source, 0, spec.group.join(':'), `grouping factor '${spec.group.join(':')}' has ${levels.length} levels for ${n} observations: the number of levels must be smaller than the number of observations (lme4 rule)`);
    return { spec, formulaIndex, group: spec.group.join(':'), levels, codes, k, z, offset: 0, thetaOffset: 0 } as ReTerm;
  });
  const terms = draft
    .map((t, i) => ({ t, i }))
    .sort((a, b) => b.t.levels.length - a.t.levels.length || a.i - b.i)
    .map((x) => x.t);
  let q = 0;
  let nTheta = 0;
  const lower: number[] = [];
  const start: number[] = [];
  for (const t of terms) {
    t.offset = q;
    t.thetaOffset = nTheta;
    q += t.levels.length * t.k;
    for (let c = 0; c < t.k; c++)
      for (let r = c; r < t.k; r++) {
        lower.push(r === c ? 0 : -Infinity);
        start.push(r === c ? 1 : 0);
      }
    nTheta += (t.k * (t.k + 1)) / 2;
  }
  return {
    n,
    rows,
    dropped: N - n,
    y,
    X,
    p,
    xNames,
    terms,
    q,
    nTheta,
    lower: Float64Array.from(lower),
    start: Float64Array.from(start),
  };
}

/** Index within a term's θ block of T[r, c] (r ≥ c), lower triangle stored column-wise. */
export function thetaIndex(k: number, r: number, c: number): number {
  let idx = 0;
  for (let cc = 0; cc < c; cc++) idx += k - cc;
  return idx + (r - c);
}
