// The structure layer at its edges: a Heywood case (reported and warned, not hidden), a just-identified
// model (df = 0: said, not called a close fit), a singular score matrix and too few benchmarks
// (EstimationError), no scores at all (MissingInputError), item-level input (proportion correct per
// benchmark), control characters in names (not passed to the terminal), the chart specs (compiled by
// vega-lite), and every report variant against structure.schema.json.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { EstimationError, formatStructure, MissingInputError, parseCfaSyntax, ResponseMatrix, runStructure, seeded, structureLoadingsChart, structureResidualChart, type Leaderboard, type ModelMeta } from '@cartograph/stats';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync('packages/stats/schemas/structure.schema.json', 'utf8')));
const valid = (rep: unknown): void => {
  expect(validate(JSON.parse(JSON.stringify(rep))), JSON.stringify(validate.errors)).toBe(true);
};

const meta = (m: number, contributor: string | null): ModelMeta => ({ id: `m${m}`, name: `m${m}`, paramsB: null, log10Params: null, architecture: null, contributor, deployment: null, extra: {} });

/** Normal scores with correlation matrix R (via its Cholesky factor), SD 0.1 and mean 0.5. */
function scores(names: string[], r: number[][], n: number, seed: number, contributors = 0): Leaderboard {
  const p = names.length;
  const l: number[][] = r.map(() => new Array(p).fill(0));
  for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) {
    let s = r[i]![j]!;
    for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
    l[i]![j] = i === j ? Math.sqrt(s) : s / l[j]![j]!;
  }
  const rng = seeded(seed);
  const values = new Float64Array(n * p);
  for (let m = 0; m < n; m++) {
    const z = names.map(() => rng.normal());
    for (let i = 0; i < p; i++) {
      let v = 0;
      for (let k = 0; k <= i; k++) v += l[i]![k]! * z[k]!;
      values[m * p + i] = 0.5 + 0.1 * v;
    }
  }
  return { models: Array.from({ length: n }, (_, m) => meta(m, contributors ? `c${m % contributors}` : null)), items: [], responses: null, scores: { benchmarks: names, values, itemCounts: names.map(() => null) }, warnings: [], sources: ['test'] };
}

const eq = (p: number, r: number): number[][] => Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => (i === j ? 1 : r)));

describe('structure at the edges', () => {
  it('Heywood case: a standardized loading above 1 is reported and warned about', () => {
    // r12 = r13 = 0.8, r23 = 0.5 → λ1² = r12·r13/r23 = 1.28 in the population: a negative residual variance
    const warnings: string[] = [];
    const rep = runStructure(scores(['a', 'b', 'c'], [[1, 0.8, 0.8], [0.8, 1, 0.5], [0.8, 0.5, 1]], 3000, 1), { onWarning: (w) => warnings.push(w) });
    expect(rep.model.heywood.some((h) => /^a: residual variance/.test(h))).toBe(true);
    expect(warnings.some((w) => /Heywood case/.test(w))).toBe(true);
    expect(formatStructure(rep)).toMatch(/Heywood case: a: residual variance/);
    valid(rep);
  });

  it('just identified (3 benchmarks, df = 0): says the fit cannot be tested', () => {
    const rep = runStructure(scores(['a', 'b', 'c'], eq(3, 0.5), 500, 2), {});
    expect(rep.fit.df).toBe(0);
    expect(rep.fit.chisq).toBeLessThan(1e-8);
    expect(rep.fit.chisq_scaled).toBeNull();
    expect(rep.interpretation).toMatch(/just identified \(df = 0\)/);
    expect(rep.interpretation).not.toMatch(/fits closely/);
    valid(rep);
  });

  it('a constant or duplicated benchmark and too few benchmarks: EstimationError; no scores: MissingInputError', () => {
    const lb = scores(['a', 'b', 'c', 'd'], eq(4, 0.5), 300, 3);
    const v = lb.scores!.values;
    for (let m = 0; m < 300; m++) v[m * 4 + 3] = v[m * 4 + 2]!; // d = c
    expect(() => runStructure(lb, {})).toThrow(EstimationError);
    expect(() => runStructure(lb, {})).toThrow(/c, d are linearly dependent/);
    expect(() => runStructure(scores(['a', 'b'], eq(2, 0.5), 100, 4), {})).toThrow(/at least 3 benchmarks/);
    const empty: Leaderboard = { models: [meta(0, null)], items: [], responses: null, scores: null, warnings: [], sources: [] };
    expect(() => runStructure(empty, {})).toThrow(MissingInputError);
  });

  it('item-level input: scores are proportion correct per benchmark over answered items', () => {
    const rng = seeded(5);
    const n = 400;
    const items = ['x', 'y', 'z'].flatMap((b) => Array.from({ length: 10 }, (_, k) => ({ id: `${b}${k}`, benchmark: b, extra: {} })));
    const r = new ResponseMatrix(n, items.length);
    for (let m = 0; m < n; m++) {
      const g = rng.normal();
      items.forEach((_, j) => r.set(m, j, j === 0 && m % 7 === 0 ? null : 0.8 * g + 0.6 * rng.normal() > 0 ? 1 : 0));
    }
    const rep = runStructure({ models: Array.from({ length: n }, (_, m) => meta(m, null)), items, responses: r, scores: null, warnings: [], sources: [] }, {});
    expect(rep.benchmarks).toEqual(['x', 'y', 'z']);
    expect(rep.n_models).toBe(n);
    expect(rep.notes.some((s) => /proportion correct per benchmark/.test(s))).toBe(true);
    expect(rep.loadings.every((l) => l.std_all > 0.8)).toBe(true); // sums of 10 items loading 0.8 on g
  });

  it('two clustered groups of benchmarks by --model: factor correlation, no ω, schema-valid; charts compile', () => {
    const lb = scores(['a b', 'c-d', 'e', 'g', 'k', 'l'], eq(6, 0.4), 600, 6, 50);
    const model = parseCfaSyntax('f1 =~ a_b + c_d + e\nf2 =~ g + k + l');
    const rep = runStructure(lb, { model, modelSyntax: 'f1 =~ a_b + c_d + e\nf2 =~ g + k + l' });
    expect(rep.cluster?.n_clusters).toBe(50);
    expect(rep.omega).toBeNull();
    expect(rep.skipped.map((s) => s.part)).toContain('omega');
    expect(rep.parameters.find((q) => q.lhs === 'f1' && q.rhs === 'f2')!.std_all).toBeGreaterThan(0.6); // all correlations equal: f1 ~ f2 near 1
    valid(rep);
    const ml = runStructure(lb, { estimator: 'ML' }); // a benchmark named g: the general factor takes another name
    expect(ml.model.latents).toEqual(['general']);
    valid(ml);
    for (const spec of [structureLoadingsChart(rep), structureResidualChart(rep)]) expect(() => compile(spec as never)).not.toThrow();
  });

  it('a model that cannot be estimated: skipped with its reason, the data description kept', () => {
    const lb = scores(['a', 'b', 'c', 'd', 'e'], eq(5, 0.5), 400, 8);
    const warnings: string[] = [];
    // a one-indicator factor correlated with another: its loading and the correlation trade off
    const rep = runStructure(lb, { model: parseCfaSyntax('f1 =~ a\nf2 =~ b + c + d + e'), onWarning: (w) => warnings.push(w) });
    expect(rep.fit).toBeNull();
    expect(rep.skipped[0]).toEqual({ part: 'factor model', reason: expect.stringMatching(/not identified|did not converge/) });
    expect(rep.correlations.pearson).toHaveLength(5);
    expect(warnings.some((w) => /factor model not estimated/.test(w))).toBe(true);
    expect(formatStructure(rep)).toMatch(/not estimated/);
    expect(rep.interpretation).toMatch(/could not be estimated/);
    valid(rep);
    expect(() => compile(structureResidualChart(rep) as never)).not.toThrow();
  });

  it('control characters in benchmark names do not reach the terminal', () => {
    const rep = runStructure(scores(['ok', 'evil\u001b[31m', 'x', 'y'], eq(4, 0.5), 300, 7), {});
    expect(formatStructure(rep)).not.toMatch(/\u001b/);
  });
});
