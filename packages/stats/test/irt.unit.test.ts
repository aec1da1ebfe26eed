// fitIrt on small simulated data with known truth: recovery (2PL, 1PL, 3PL with fixed guessing,
// normal ogive, two-tier), standard errors against the numerical Hessian, determinism, bad input.
import { describe, expect, it } from 'vitest';
import { ResponseMatrix } from '../src/data/leaderboard.js';
import { fitIrt, fitState } from '../src/irt/fit.js';
import { IrtEngine } from '../src/irt/estep.js';
import { prepareIrt } from '../src/irt/fit.js';
import { plausibleValues, scoreIrt } from '../src/irt/scores.js';
import { seeded } from '../src/util/rng.js';
import { normCdf } from '@cartograph/core-wasm';

interface Sim2pl {
  resp: ResponseMatrix;
  a: number[];
  d: number[];
  theta: number[];
}

function sim2pl(seed: number, N: number, J: number, opts: { link?: 'logistic' | 'normal'; c?: number; missing?: number; common?: boolean } = {}): Sim2pl {
  const rng = seeded(seed);
  const a = Array.from({ length: J }, () => (opts.common ? 1.3 : 0.6 + 1.4 * rng.uniform()));
  const d = Array.from({ length: J }, () => -1.5 + 3 * rng.uniform());
  const theta = Array.from({ length: N }, () => rng.normal());
  const v = new Uint8Array(N * J);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < J; j++) {
      const eta = a[j]! * theta[i]! + d[j]!;
      const F = opts.link === 'normal' ? normCdf(eta) : 1 / (1 + Math.exp(-eta));
      const p = (opts.c ?? 0) + (1 - (opts.c ?? 0)) * F;
      v[i * J + j] = opts.missing && rng.uniform() < opts.missing ? 255 : rng.uniform() < p ? 1 : 0;
    }
  return { resp: new ResponseMatrix(N, J, v), a, d, theta };
}

const rmse = (x: number[], y: number[]): number => Math.sqrt(x.reduce((s, v, i) => s + (v - y[i]!) ** 2, 0) / x.length);

describe('fitIrt: unidimensional recovery', () => {
  it('2PL logistic with 10 % missing cells: slopes RMSE < 0.15, intercepts RMSE < 0.1 (N = 2000, J = 15, seed 101)', () => {
    const s = sim2pl(101, 2000, 15, { missing: 0.1 });
    const fit = fitIrt(s.resp, { model: '2PL' });
    expect(fit.converged).toBe(true);
    expect(fit.missingCells).toBeGreaterThan(0);
    console.log(`2PL recovery: slope bias ${(fit.items.reduce((t, it, j) => t + it.slopes[0]! - s.a[j]!, 0) / 15).toFixed(3)}, RMSE ${rmse(fit.items.map((i) => i.slopes[0]!), s.a).toFixed(3)}`);
    expect(rmse(fit.items.map((i) => i.slopes[0]!), s.a)).toBeLessThan(0.15);
    expect(rmse(fit.items.map((i) => i.intercept), s.d)).toBeLessThan(0.1);
    expect(fit.aic).toBeCloseTo(-2 * fit.loglik + 2 * 30, 6);
  });

  it('normal ogive: slopes RMSE < 0.1 (N = 2000, J = 15, seed 102)', () => {
    const s = sim2pl(102, 2000, 15, { link: 'normal' });
    const fit = fitIrt(s.resp, { model: '2PL', link: 'normal' });
    expect(rmse(fit.items.map((i) => i.slopes[0]!), s.a)).toBeLessThan(0.1);
    // standardized loading λ = a/√(1 + a²) for the normal ogive
    const it0 = fit.items[0]!;
    expect(it0.loadings[0]).toBeCloseTo(it0.slopes[0]! / Math.sqrt(1 + it0.slopes[0]! ** 2), 12);
    // delta method: SE(λ) = SE(a) / (1 + a²)^{3/2}
    expect(it0.se!.loadings[0]).toBeCloseTo(it0.se!.slopes[0]! / (1 + it0.slopes[0]! ** 2) ** 1.5, 12);
  });

  it('1PL: one common slope within 0.08 of the truth 1.3 (N = 2000, J = 12, seed 103)', () => {
    const s = sim2pl(103, 2000, 12, { common: true });
    const fit = fitIrt(s.resp, { model: '1PL' });
    const slopes = fit.items.map((i) => i.slopes[0]!);
    expect(Math.max(...slopes) - Math.min(...slopes)).toBe(0);
    expect(Math.abs(slopes[0]! - 1.3)).toBeLessThan(0.08);
    expect(fit.nParameters).toBe(13);
  });

  it('3PL with the guessing floor fixed at the truth 0.2: slopes RMSE < 0.2 (N = 3000, J = 15, seed 104)', () => {
    const s = sim2pl(104, 3000, 15, { c: 0.2 });
    const fit = fitIrt(s.resp, { model: '3PL', guessing: 0.2 });
    expect(fit.items.every((i) => i.guessing === 0.2)).toBe(true);
    expect(rmse(fit.items.map((i) => i.slopes[0]!), s.a)).toBeLessThan(0.2);
    const est = fitIrt(s.resp, { model: '3PL', se: false });
    expect(est.items.every((i) => i.guessing > 0 && i.guessing < 1)).toBe(true);
    expect(est.loglik).toBeGreaterThanOrEqual(fit.loglik - 1e-6); // nested: estimating c cannot lower the likelihood
  });

  it('EAP scores track the true θ (r > 0.9) and plausible values are reproducible from the seed', () => {
    const s = sim2pl(105, 1000, 20);
    const fit = fitIrt(s.resp, { model: '2PL', se: false });
    const sc = scoreIrt(fit, s.resp);
    const e = Array.from(sc.eap[0]!);
    const mx = e.reduce((a, b) => a + b, 0) / e.length;
    const mt = s.theta.reduce((a, b) => a + b, 0) / e.length;
    let sxy = 0, sxx = 0, syy = 0;
    e.forEach((v, i) => {
      sxy += (v - mx) * (s.theta[i]! - mt);
      sxx += (v - mx) ** 2;
      syy += (s.theta[i]! - mt) ** 2;
    });
    expect(sxy / Math.sqrt(sxx * syy)).toBeGreaterThan(0.9);
    const p1 = plausibleValues(sc, 3, seeded(7));
    const p2 = plausibleValues(sc, 3, seeded(7));
    expect(Buffer.from(p1[2]![0]!.buffer).equals(Buffer.from(p2[2]![0]!.buffer))).toBe(true);
  });
});

describe('fitIrt: standard errors', () => {
  it('cross-product SEs within 15 % of the SEs from the numerical Hessian of the marginal log-likelihood (N = 1500, J = 6)', () => {
    const s = sim2pl(106, 1500, 6);
    const fit = fitIrt(s.resp, { model: '2PL', tol: 1e-7 });
    const prep = prepareIrt(s.resp, { model: '2PL' });
    const eng = new IrtEngine(prep.st, prep.responses, 1500, fit.quadrature.general, { points: 21, range: 5 });
    const { p, phi } = fitState(fit);
    const P = 12;
    const get = (v: Float64Array): number[] => Array.from(v);
    const x0 = [...get(p.aG), ...get(p.d)];
    const ll = (x: number[]): number => eng.run({ aG: Float64Array.from(x.slice(0, 6)), aS: new Float64Array(6), d: Float64Array.from(x.slice(6)), c: new Float64Array(6) }, phi).loglik;
    const h = 1e-3;
    const H = new Float64Array(P * P);
    for (let a = 0; a < P; a++)
      for (let b = a; b < P; b++) {
        const f = (da: number, db: number): number => {
          const x = [...x0];
          x[a] += da;
          x[b] += db;
          return ll(x);
        };
        const v = (f(h, h) - f(h, -h) - f(-h, h) + f(-h, -h)) / (4 * h * h);
        H[a * P + b] = -v;
        H[b * P + a] = -v;
      }
    eng.dispose();
    // invert H (Gauss–Jordan)
    const m = Float64Array.from(H);
    const inv = new Float64Array(P * P);
    for (let i = 0; i < P; i++) inv[i * P + i] = 1;
    for (let c = 0; c < P; c++) {
      const pv = m[c * P + c]!;
      for (let j = 0; j < P; j++) {
        m[c * P + j] = m[c * P + j]! / pv;
        inv[c * P + j] = inv[c * P + j]! / pv;
      }
      for (let r = 0; r < P; r++) {
        if (r === c) continue;
        const f = m[r * P + c]!;
        for (let j = 0; j < P; j++) {
          m[r * P + j] = m[r * P + j]! - f * m[c * P + j]!;
          inv[r * P + j] = inv[r * P + j]! - f * inv[c * P + j]!;
        }
      }
    }
    fit.items.forEach((it, j) => {
      const seA = Math.sqrt(inv[j * P + j]!);
      const seD = Math.sqrt(inv[(6 + j) * P + 6 + j]!);
      expect(Math.abs(it.se!.slopes[0]! / seA - 1)).toBeLessThan(0.15); // relative
      expect(Math.abs(it.se!.intercept! / seD - 1)).toBeLessThan(0.15); // relative
    });
  });
});

describe('fitIrt: two-tier', () => {
  it('recovers the correlation 0.5 of two general factors within 0.1 (N = 2000, 2 × 8 items + one specific pair, seed 107)', () => {
    const rng = seeded(107);
    const N = 2000;
    const J = 16;
    const v = new Uint8Array(N * J);
    for (let i = 0; i < N; i++) {
      const z1 = rng.normal();
      const z2 = 0.5 * z1 + Math.sqrt(0.75) * rng.normal();
      const sp = rng.normal();
      for (let j = 0; j < J; j++) {
        const eta = 1.5 * (j < 8 ? z1 : z2) + (j === 0 || j === 1 ? 0.8 * sp : 0) + (j % 4) * 0.4 - 0.6;
        v[i * J + j] = rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
      }
    }
    const fit = fitIrt(new ResponseMatrix(N, J, v), {
      model: 'twotier',
      itemGeneral: Array.from({ length: J }, (_, j) => [j < 8 ? 0 : 1]),
      itemSpecific: Array.from({ length: J }, (_, j) => (j < 2 ? 'pair' : null)),
      quadrature: { points: 15, range: 5 },
      specificQuadrature: { points: 15, range: 5 },
      se: false,
      tol: 1e-4,
    });
    console.log(`two-tier: ${fit.iterations} EM evaluations, ${fit.convergence.message}, r = ${fit.generalCorrelation[1]!.toFixed(3)}`);
    expect(fit.factors).toEqual(['g1', 'g2', 'pair']);
    expect(Math.abs(fit.generalCorrelation[1]! - 0.5)).toBeLessThan(0.1);
    expect(fit.items[0]!.slopes[1]).toBe(0);
  });
});

describe('fitIrt: determinism and bad input', () => {
  it('same data → identical bytes', () => {
    const s = sim2pl(108, 500, 8);
    const a = fitIrt(s.resp, { model: '2PL' });
    const b = fitIrt(s.resp, { model: '2PL' });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
  it('reports constant and empty items instead of fitting them', () => {
    const s = sim2pl(109, 300, 6);
    for (let i = 0; i < 300; i++) s.resp.values[i * 6 + 2] = 1;
    const fit = fitIrt(s.resp, { model: '2PL', se: false });
    expect(fit.excludedItems.map((e) => e.id)).toEqual(['3']);
    expect(fit.items.map((i) => i.column)).toEqual([0, 1, 3, 4, 5]);
    expect(fit.warnings.join()).toMatch(/excluded/);
  });
  it('rejects response codes other than 0, 1 and missing, naming the model and item', () => {
    const s = sim2pl(110, 50, 4);
    s.resp.values[7] = 3;
    expect(() => fitIrt(s.resp)).toThrow(/model 2, item 4/);
  });
  it('says when EM did not converge', () => {
    const s = sim2pl(111, 300, 6);
    const fit = fitIrt(s.resp, { maxIter: 2, se: false });
    expect(fit.converged).toBe(false);
    expect(fit.warnings.join()).toMatch(/did not converge/);
  });
});

describe('M2 limited-information fit statistic', () => {
  it('a correctly specified 2PL gives M2 near its df (p > 0.001, RMSEA₂ < 0.02); a two-dimensional truth is rejected (p < 1e-6)', async () => {
    const { m2Statistic } = await import('../src/irt/m2.js');
    const s = sim2pl(112, 2000, 10);
    const fit = fitIrt(s.resp, { model: '2PL', se: false, tol: 1e-7 });
    const m = m2Statistic(fit, s.resp);
    console.log(`M2 (2PL truth): ${m.M2.toFixed(2)} on ${m.df} df, p = ${m.p.toFixed(3)}, RMSEA2 = ${m.rmsea2.toFixed(4)}`);
    expect(m.df).toBe(55 - 20);
    expect(m.p).toBeGreaterThan(0.001);
    expect(m.rmsea2).toBeLessThan(0.02);
    // two uncorrelated factors, five items each, fitted unidimensionally
    const rng = seeded(113);
    const N = 2000;
    const v = new Uint8Array(N * 10);
    for (let i = 0; i < N; i++) {
      const t1 = rng.normal();
      const t2 = rng.normal();
      for (let j = 0; j < 10; j++) v[i * 10 + j] = rng.uniform() < 1 / (1 + Math.exp(-(1.8 * (j < 5 ? t1 : t2) + 0.3 * (j % 3) - 0.3))) ? 1 : 0;
    }
    const r2 = new ResponseMatrix(N, 10, v);
    const bad = m2Statistic(fitIrt(r2, { model: '2PL', se: false }), r2);
    console.log(`M2 (2-dim truth): ${bad.M2.toFixed(1)} on ${bad.df} df, RMSEA2 = ${bad.rmsea2.toFixed(3)}`);
    expect(bad.p).toBeLessThan(1e-6);
  });
});

describe('latent regression', () => {
  it('one-step (inside the likelihood) and conditioning with items fixed agree on the slope, and both are near the truth 0.5 (N = 3000, J = 12, seed 114)', async () => {
    const { conditionIrt } = await import('../src/irt/scores.js');
    const rng = seeded(114);
    const N = 3000;
    const J = 12;
    const z = Float64Array.from({ length: N }, () => rng.normal());
    const v = new Uint8Array(N * J);
    const sdResid = Math.sqrt(1 - 0.25); // θ = 0.5 z + e, Var θ = 1
    for (let i = 0; i < N; i++) {
      const th = 0.5 * z[i]! + sdResid * rng.normal();
      for (let j = 0; j < J; j++) v[i * J + j] = rng.uniform() < 1 / (1 + Math.exp(-(1.5 * th + (j - 6) / 4))) ? 1 : 0;
    }
    const resp = new ResponseMatrix(N, J, v);
    const one = fitIrt(resp, { model: '2PL', covariates: { values: z, names: ['z'] } });
    const b1 = one.latentRegression!.beta[0]![0]!;
    const cond = conditionIrt(fitIrt(resp, { model: '2PL', se: false }), resp, { covariates: z, covariateNames: ['z'] });
    const b2 = cond.beta[0]![1]!;
    console.log(`latent regression slope: one-step ${b1.toFixed(4)} (SE ${one.latentRegression!.betaSe![0]![0]!.toFixed(4)}), conditioning ${b2.toFixed(4)}, truth 0.5`);
    expect(Math.abs(b1 - 0.5)).toBeLessThan(0.05); // absolute, about 3 SE
    expect(Math.abs(b2 - b1)).toBeLessThan(0.03); // absolute: same model, items fixed vs free
    expect(cond.converged).toBe(true);
  });
});
