// The IRT E-step kernel (core-wasm: assembly/irt.ts and its TS reference src/ref/irt.ts), one suite
// for both implementations: (1) the WebAssembly and TS kernels agree; (2) the Gibbons–Hedeker
// reduction equals brute-force integration over the full (1 + S)-dimensional grid; (3) expected
// counts add up to the number of persons.
import { describe, expect, it } from 'vitest';
import { IrtEstepPlan } from '@cartograph/core-wasm';
import { seeded } from '../src/util/rng.js';

interface Problem {
  N: number;
  J: number;
  K: number;
  Q: number;
  S: number;
  responses: Uint8Array;
  itemSpec: Int32Array;
  logP1: Float64Array;
  logP0: Float64Array;
  logPriorG: Float64Array;
  logPriorS: Float64Array;
  nodes: Float64Array;
  a: Float64Array;
  b: Float64Array;
  d: Float64Array;
}

function problem(seed: number, perPersonPrior: boolean): Problem {
  const rng = seeded(seed);
  const N = 37;
  const S = 2;
  const J = 7;
  const K = 9;
  const Q = 7;
  const itemSpec = Int32Array.from([0, 0, 0, 1, 1, -1, 1]);
  const nodes = Float64Array.from({ length: K }, (_, k) => -4 + k);
  const a = Float64Array.from({ length: J }, () => 0.5 + rng.uniform());
  const b = Float64Array.from({ length: J }, (_, j) => (itemSpec[j]! >= 0 ? 0.3 + rng.uniform() : 0));
  const d = Float64Array.from({ length: J }, () => rng.normal());
  const responses = new Uint8Array(N * J);
  for (let c = 0; c < N * J; c++) responses[c] = rng.uniform() < 0.1 ? 255 : rng.uniform() < 0.5 ? 1 : 0;
  let T = 0;
  for (let j = 0; j < J; j++) T += itemSpec[j]! < 0 ? K : K * Q;
  const logP1 = new Float64Array(T);
  const logP0 = new Float64Array(T);
  let off = 0;
  for (let j = 0; j < J; j++) {
    const nq = itemSpec[j]! < 0 ? 1 : Q;
    for (let k = 0; k < K; k++)
      for (let q = 0; q < nq; q++) {
        const eta = a[j]! * nodes[k]! + (itemSpec[j]! < 0 ? 0 : b[j]! * nodes[q]!) + d[j]!;
        const p = 1 / (1 + Math.exp(-eta));
        logP1[off + k * nq + q] = Math.log(p);
        logP0[off + k * nq + q] = Math.log(1 - p);
      }
    off += K * nq;
  }
  const w = (mu: number, out: Float64Array, o: number, n: number): void => {
    let s = 0;
    for (let k = 0; k < n; k++) s += Math.exp(-0.5 * (nodes[k]! - mu) ** 2);
    for (let k = 0; k < n; k++) out[o + k] = -0.5 * (nodes[k]! - mu) ** 2 - Math.log(s);
  };
  const logPriorG = new Float64Array(perPersonPrior ? N * K : K);
  const logPriorS = new Float64Array(perPersonPrior ? N * S * Q : S * Q);
  if (perPersonPrior) {
    for (let i = 0; i < N; i++) {
      w(rng.normal() * 0.5, logPriorG, i * K, K);
      for (let s = 0; s < S; s++) w(rng.normal() * 0.5, logPriorS, (i * S + s) * Q, Q);
    }
  } else {
    w(0, logPriorG, 0, K);
    for (let s = 0; s < S; s++) w(0, logPriorS, s * Q, Q);
  }
  return { N, J, K, Q, S, responses, itemSpec, logP1, logP0, logPriorG, logPriorS, nodes, a, b, d };
}

function run(pr: Problem, impl: 'wasm' | 'ts', perPerson: boolean) {
  const plan = new IrtEstepPlan({ nPersons: pr.N, nItems: pr.J, responses: pr.responses, K: pr.K, Q: pr.Q, nSpec: pr.S, itemSpec: pr.itemSpec }, impl);
  try {
    return plan.run(pr.logP1, pr.logP0, pr.logPriorG, perPerson ? pr.K : 0, pr.logPriorS, perPerson ? pr.S * pr.Q : 0, true);
  } finally {
    plan.dispose();
  }
}

/** Brute force: log L_i over the full K × Q × Q grid (S = 2). */
function bruteLoglik(pr: Problem, i: number, perPerson: boolean): number {
  const { K, Q, J } = pr;
  let tot = 0;
  for (let k = 0; k < K; k++)
    for (let q0 = 0; q0 < Q; q0++)
      for (let q1 = 0; q1 < Q; q1++) {
        let l = pr.logPriorG[(perPerson ? i * K : 0) + k]!;
        l += pr.logPriorS[(perPerson ? i * pr.S * Q : 0) + q0]! + pr.logPriorS[(perPerson ? i * pr.S * Q : 0) + Q + q1]!;
        for (let j = 0; j < J; j++) {
          const x = pr.responses[i * J + j]!;
          if (x > 1) continue;
          const s = pr.itemSpec[j]!;
          const th = s < 0 ? 0 : s === 0 ? pr.nodes[q0]! : pr.nodes[q1]!;
          const eta = pr.a[j]! * pr.nodes[k]! + (s < 0 ? 0 : pr.b[j]! * th) + pr.d[j]!;
          const p = 1 / (1 + Math.exp(-eta));
          l += Math.log(x === 1 ? p : 1 - p);
        }
        tot += Math.exp(l);
      }
  return Math.log(tot);
}

for (const perPerson of [false, true]) {
  describe(`IRT E-step kernel (${perPerson ? 'per-person priors' : 'shared prior'})`, () => {
    const pr = problem(20261123, perPerson);
    const w = run(pr, 'wasm', perPerson);
    const t = run(pr, 'ts', perPerson);
    it('WebAssembly and TS reference agree to 1e-12 relative', () => {
      for (const key of ['r', 'miss', 'nG', 'nS', 'loglik', 'postG', 'postS'] as const) {
        const x = w[key]!;
        const y = t[key]!;
        expect(x.length).toBe(y.length);
        for (let c = 0; c < x.length; c++) expect(Math.abs(x[c]! - y[c]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(y[c]!))); // relative 1e-12
      }
    });
    it('dimension reduction equals brute-force integration over the full grid (1e-10 absolute on log L)', () => {
      for (let i = 0; i < pr.N; i++) expect(Math.abs(w.loglik[i]! - bruteLoglik(pr, i, perPerson))).toBeLessThan(1e-10);
    });
    it('posterior masses add up: Σ_k nG = N, each specific block sums to N, posteriors sum to 1', () => {
      expect(w.nG.reduce((a, b) => a + b, 0)).toBeCloseTo(pr.N, 10);
      const KQ = pr.K * pr.Q;
      for (let s = 0; s < pr.S; s++) expect(w.nS.subarray(s * KQ, (s + 1) * KQ).reduce((a, b) => a + b, 0)).toBeCloseTo(pr.N, 10);
      for (let i = 0; i < pr.N; i++) expect(w.postG!.subarray(i * pr.K, (i + 1) * pr.K).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    });
  });
}

describe('IrtEstepPlan input checks', () => {
  it('rejects mismatched sizes and use after dispose', () => {
    expect(() => new IrtEstepPlan({ nPersons: 2, nItems: 2, responses: new Uint8Array(3), K: 3, Q: 1, nSpec: 0, itemSpec: new Int32Array(2).fill(-1) })).toThrow(/responses/);
    expect(() => new IrtEstepPlan({ nPersons: 1, nItems: 1, responses: new Uint8Array(1), K: 3, Q: 3, nSpec: 1, itemSpec: Int32Array.from([2]) })).toThrow(/specific/);
    const plan = new IrtEstepPlan({ nPersons: 1, nItems: 1, responses: new Uint8Array(1), K: 3, Q: 1, nSpec: 0, itemSpec: Int32Array.from([-1]) });
    plan.dispose();
    expect(() => plan.run(new Float64Array(3), new Float64Array(3), new Float64Array(3), 0, new Float64Array(1), 0)).toThrow(/dispose/);
  });
});
