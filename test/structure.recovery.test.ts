// Recovery: benchmark scores drawn from a known linear factor model — one general factor plus one planted
// residual covariance between two benchmarks (and, in the clustered case, a contributor effect on the
// general factor) — and fitted with runStructure. What must come back: the planted pair first by MI with
// the planted sign; with the pair in the model (--model), loadings and the residual covariance within
// their SEs of the truth, 95 % intervals covering at about the nominal rate over replicates; with
// clustered models, cluster-robust SEs larger than the unclustered ones and intervals that cover.
import { describe, expect, it } from 'vitest';
import { parseCfaSyntax, runStructure, seeded, type Leaderboard, type ModelMeta } from '@cartograph/stats';

const BENCH = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
const LOAD = [0.08, 0.1, 0.06, 0.12, 0.07, 0.09]; // raw loadings (score units per SD of g)
const RESVAR = [0.004, 0.003, 0.005, 0.002, 0.004, 0.003];
const MEAN = [0.5, 0.4, 0.2, 0.6, 0.35, 0.45];
const PAIR: [number, number] = [2, 4]; // gamma ~~ epsilon
const PAIR_R = 0.4; // residual correlation of the planted pair
const PAIR_COV = PAIR_R * Math.sqrt(RESVAR[2]! * RESVAR[4]!);

/** n models; with `clusters`, contributor c_m and g = √icc·u_c + √(1 − icc)·z. */
function draw(seed: number, n: number, clusters = 0, icc = 0): Leaderboard {
  const rng = seeded(seed);
  const p = BENCH.length;
  const values = new Float64Array(n * p);
  const models: ModelMeta[] = [];
  const u = Array.from({ length: clusters }, () => rng.normal());
  for (let m = 0; m < n; m++) {
    const c = clusters ? rng.int(clusters) : -1;
    const g = clusters ? Math.sqrt(icc) * u[c]! + Math.sqrt(1 - icc) * rng.normal() : rng.normal();
    // planted pair: e_a = √v_a (√r·w + √(1−r)·z_a), e_b likewise, so cov = r·√(v_a v_b)
    const w = rng.normal();
    for (let j = 0; j < p; j++) {
      let e: number;
      if (j === PAIR[0] || j === PAIR[1]) e = Math.sqrt(RESVAR[j]!) * (Math.sqrt(PAIR_R) * w + Math.sqrt(1 - PAIR_R) * rng.normal());
      else e = Math.sqrt(RESVAR[j]!) * rng.normal();
      values[m * p + j] = MEAN[j]! + LOAD[j]! * g + e;
    }
    models.push({ id: `m${m}`, name: `m${m}`, paramsB: null, log10Params: null, architecture: null, contributor: clusters ? `org${c}` : null, deployment: null, extra: {} });
  }
  return { models, items: [], responses: null, scores: { benchmarks: BENCH, values, itemCounts: BENCH.map(() => null) }, warnings: [], sources: ['simulated'] };
}

const TRUE_MODEL = `g =~ ${BENCH.join(' + ')}\ngamma ~~ epsilon`;

describe('structure recovery on simulated benchmark scores', () => {
  it('one-factor fit: the planted pair is first by MI, with a positive SEPC near the planted residual correlation', () => {
    const rep = runStructure(draw(11, 2000), {});
    expect(rep.cluster).toBeNull(); // no contributor column → no clustering
    const top = rep.mi[0]!;
    expect([top.benchmark1, top.benchmark2].sort()).toEqual(['epsilon', 'gamma']);
    expect(top.mi).toBeGreaterThan(3 * rep.mi[1]!.mi); // clearly first, not by a hair
    expect(top.sepc_all).toBeGreaterThan(0);
    expect(Math.abs(top.sepc_all - PAIR_R)).toBeLessThan(0.15); // the one-step EPC approximates the freed estimate (0.15: EPC is a first-order guess)
    expect(rep.interpretation).toMatch(/gamma and epsilon share more than it explains/);
  });

  it('true model: loadings and the residual covariance within 3 SEs of the truth, χ² not rejected', () => {
    const rep = runStructure(draw(12, 2000), { model: parseCfaSyntax(TRUE_MODEL), modelSyntax: TRUE_MODEL });
    for (const l of rep.loadings) {
      const j = BENCH.indexOf(l.benchmark);
      expect(Math.abs(l.est - LOAD[j]!), `${l.benchmark}: ${l.est} ± ${l.se} vs ${LOAD[j]}`).toBeLessThan(3 * l.se); // 3 SE: a fixed seed, P(fail) ≈ 0.3 % per loading
    }
    const rc = rep.parameters.find((q) => q.op === '~~' && q.lhs === 'gamma' && q.rhs === 'epsilon')!;
    expect(Math.abs(rc.est - PAIR_COV)).toBeLessThan(3 * rc.se);
    expect(Math.abs(rc.std_all - PAIR_R)).toBeLessThan(3 * rc.std_se);
    expect(rep.fit.pvalue_scaled!).toBeGreaterThan(0.001); // correct model, df = 8
    expect(rep.mi.every((m) => !(m.benchmark1 === 'gamma' && m.benchmark2 === 'epsilon'))).toBe(true); // freed pairs get no MI
  });

  it('95 % intervals of the loadings cover at about the nominal rate (40 replicates × 6 loadings)', () => {
    let covered = 0;
    let total = 0;
    for (let r = 0; r < 40; r++) {
      const rep = runStructure(draw(100 + r, 500), { model: parseCfaSyntax(TRUE_MODEL) });
      for (const l of rep.loadings) {
        const j = BENCH.indexOf(l.benchmark);
        if (Math.abs(l.est - LOAD[j]!) <= 1.96 * l.se) covered++;
        total++;
      }
    }
    // 240 intervals (correlated within a replicate): nominal 0.95; binomial 3-SD band ≈ ±0.042, widened for the correlation
    expect(covered / total).toBeGreaterThan(0.89);
    expect(covered / total).toBeLessThan(0.995);
  });

  it('clustered models: cluster-robust SEs exceed the independent-model ones and still cover', () => {
    let coveredC = 0;
    let coveredI = 0;
    let total = 0;
    let deff = 0;
    for (let r = 0; r < 20; r++) {
      const lb = draw(300 + r, 1200, 60, 0.5);
      const c = runStructure(lb, { model: parseCfaSyntax(TRUE_MODEL) });
      const i = runStructure(lb, { model: parseCfaSyntax(TRUE_MODEL), cluster: null });
      expect(c.cluster?.n_clusters).toBeLessThanOrEqual(60);
      deff += c.cluster!.design_effect! / 20;
      c.loadings.forEach((l, k) => {
        const j = BENCH.indexOf(l.benchmark);
        if (Math.abs(l.est - LOAD[j]!) <= 1.96 * l.se) coveredC++;
        if (Math.abs(i.loadings[k]!.est - LOAD[j]!) <= 1.96 * i.loadings[k]!.se) coveredI++;
        total++;
      });
    }
    expect(deff).toBeGreaterThan(1.5); // half of g's variance shared within 60 clusters of ~20 models
    expect(coveredC / total).toBeGreaterThan(0.85); // 120 intervals from 20 replicates with 60 clusters each (clustered SEs are a bit liberal with few clusters)
    expect(coveredC).toBeGreaterThan(coveredI);
  });
});
