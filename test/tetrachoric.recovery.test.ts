// Recovery: binary items cut from a one-factor normal model with known loadings and thresholds;
// the estimated thresholds and tetrachorics recover the truth within sampling error, where the
// sampling variance of each statistic is its diag(Γ)/N = colSums(F²) (so this also checks F).
import { describe, expect, it } from 'vitest';
import { tetrachoric } from '../packages/stats/src/tetrachoric/index.js';
import { ResponseMatrix } from '../packages/stats/src/data/leaderboard.js';
import { seeded } from '../packages/stats/src/util/rng.js';

function simulate(seed: number, N: number, lambda: number[], tau: number[], missingRate = 0): ResponseMatrix {
  const rng = seeded(seed);
  const J = lambda.length;
  const v = new Uint8Array(N * J);
  for (let m = 0; m < N; m++) {
    const g = rng.normal();
    for (let j = 0; j < J; j++) {
      const y = lambda[j]! * g + Math.sqrt(1 - lambda[j]! ** 2) * rng.normal();
      v[m * J + j] = missingRate > 0 && rng.uniform() < missingRate ? 255 : y > tau[j]! ? 1 : 0;
    }
  }
  return new ResponseMatrix(N, J, v);
}

const lambda = [0.9, 0.8, 0.75, 0.7, 0.6, 0.5, 0.4, 0.3, 0.85, 0.65];
const tau = [-1.5, -1, -0.5, 0, 0.3, 0.6, 1, 1.4, -0.2, 0.8];
const J = lambda.length;

for (const [label, seed, missingRate] of [['complete', 20251123, 0], ['10% missing, pairwise', 777, 0.1]] as const) {
  describe(`tetrachoric recovery (${label}, seed ${seed})`, () => {
    const N = 3000;
    const res = tetrachoric(simulate(seed, N, lambda, tau, missingRate));
    const z: number[] = [];
    it('thresholds and correlations within 4 standard errors; mean z² near 1', () => {
      for (let j = 0; j < J; j++) z.push((res.thresholds[j]! - tau[j]!) / Math.sqrt(res.gammaDiag![j]! / N));
      let k = 0;
      for (let j = 0; j < J - 1; j++)
        for (let i = j + 1; i < J; i++, k++) z.push((res.rho[k]! - lambda[i]! * lambda[j]!) / Math.sqrt(res.gammaDiag![J + k]! / N));
      for (const v of z) expect(Math.abs(v)).toBeLessThan(4);
      const meanZ2 = z.reduce((s, v) => s + v * v, 0) / z.length;
      // 55 roughly independent-ish z's: mean z² well inside [0.5, 1.8] unless the SEs are wrong
      expect(meanZ2).toBeGreaterThan(0.5);
      expect(meanZ2).toBeLessThan(1.8);
      expect(res.minEigenvalue).toBeGreaterThan(0);
    });
  });
}

describe('tetrachoric: listwise, smoothing, constant items', () => {
  it('listwise drops incomplete models and equals pairwise on the complete subset', () => {
    const resp = simulate(99, 800, lambda, tau, 0.02);
    const lw = tetrachoric(resp, { missing: 'listwise' });
    expect(lw.modelsDropped).toBeGreaterThan(0);
    const rows: number[] = [];
    for (let m = 0; m < resp.nModels; m++) if (![...resp.values.subarray(m * J, (m + 1) * J)].includes(255)) rows.push(m);
    const sub = new ResponseMatrix(rows.length, J, Uint8Array.from(rows.flatMap((m) => [...resp.values.subarray(m * J, (m + 1) * J)])));
    const pw = tetrachoric(sub);
    expect(Array.from(lw.rho)).toEqual(Array.from(pw.rho));
    expect(lw.nModels).toBe(rows.length);
  });
  it('smoothing (opt-in) makes an indefinite matrix PD with unit diagonal and reports both eigenvalues', () => {
    // three items with a tiny sample force an indefinite tetrachoric matrix
    const v = [
      [0, 0, 1], [0, 0, 1], [1, 1, 0], [1, 1, 0], [1, 1, 1], [0, 0, 0], [0, 1, 1], [1, 0, 0], [1, 1, 0], [0, 0, 1],
    ].flat();
    const resp = new ResponseMatrix(10, 3, Uint8Array.from(v));
    const plain = tetrachoric(resp, { itemIds: ['a', 'b', 'c'] });
    const sm = tetrachoric(resp, { itemIds: ['a', 'b', 'c'], smooth: true });
    if (plain.minEigenvalue < 1e-6) {
      expect(sm.smoothed).toBe(true);
      expect(sm.minEigenvalueAfter).toBeGreaterThan(0);
      for (let j = 0; j < 3; j++) expect(sm.correlation[j * 4]).toBe(1);
    } else {
      expect(sm.smoothed).toBe(false);
    }
    expect(sm.minEigenvalue).toBe(plain.minEigenvalue);
    expect(plain.smoothed).toBe(false);
  });
  it('a constant item is an error naming it', () => {
    const resp = new ResponseMatrix(4, 3, Uint8Array.from([0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0]));
    expect(() => tetrachoric(resp, { itemIds: ['x', 'always_right', 'z'] })).toThrow(/constant item "always_right" \(all 1 in 4 models\)/);
  });
});
