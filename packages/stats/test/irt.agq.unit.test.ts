// The adaptive Gauss–Hermite E-step (core-wasm IrtAgqPlan, agq.ts): the WebAssembly kernel against its
// TS reference; its factorised, product-domain arithmetic against the direct per-cell formula (ref
// irtAgqEstepDirect, the earlier arithmetic), also where products pass 2^-300 and |η| > 480; the
// log-likelihood of a tiny bifactor case against brute-force integration; the kernel's M-step gradient
// against finite differences of its own log-likelihood (Fisher's identity), and the batched item
// objective of the M-step's check against itemObjective.
import { describe, expect, it } from 'vitest';
import { IrtAgqPlan, normCdf, ref, type IrtAgqOutput, type IrtAgqRule } from '@cartograph/core-wasm';
import { agqRule } from '../src/irt/agq.js';
import { seeded } from '../src/util/rng.js';

function logP(x: number, eta: number): number {
  const l = eta >= 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
  return x === 1 ? eta - l : -l;
}

/** A random bifactor case: N persons, J items, S specifics (items cycle over them; item 0 general only). */
function makeCase(seed: number, N: number, J: number, S: number, slope: number) {
  const rng = seeded(seed);
  const itemSpec = Int32Array.from({ length: J }, (_, j) => (j === 0 ? -1 : j % S));
  const aG = Float64Array.from({ length: J }, () => slope * (0.5 + rng.uniform()));
  const aS = Float64Array.from({ length: J }, (_, j) => (itemSpec[j]! < 0 ? 0 : 0.5 + rng.uniform()));
  const d = Float64Array.from({ length: J }, () => -1 + 2 * rng.uniform());
  const responses = new Uint8Array(N * J);
  for (let i = 0; i < N; i++) {
    const g = rng.normal();
    const s = Array.from({ length: S }, () => rng.normal());
    for (let j = 0; j < J; j++) {
      const eta = d[j]! + aG[j]! * g + (itemSpec[j]! >= 0 ? aS[j]! * s[itemSpec[j]!]! : 0);
      responses[i * J + j] = rng.uniform() < 0.1 ? 255 : rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    }
  }
  return { N, J, S, itemSpec, aG, aS, d, responses, c: new Float64Array(J) };
}

/** Brute force: L_i = ∫ φ(g) Π_{general-only} P Π_s ∫ φ(s) Π_{j∈s} P ds dg by the trapezoid rule on [−10, 10]. */
function bruteLoglik(cs: ReturnType<typeof makeCase>, i: number, h: number): number {
  const n = Math.round(20 / h) + 1;
  const nodes = Float64Array.from({ length: n }, (_, k) => -10 + k * h);
  let Lg = 0;
  for (let k = 0; k < n; k++) {
    const g = nodes[k]!;
    let lg = -0.5 * g * g - 0.5 * Math.log(2 * Math.PI);
    for (let j = 0; j < cs.J; j++) {
      const x = cs.responses[i * cs.J + j]!;
      if (x > 1 || cs.itemSpec[j]! >= 0) continue;
      lg += logP(x, cs.d[j]! + cs.aG[j]! * g);
    }
    for (let s = 0; s < cs.S; s++) {
      let inner = 0;
      for (let q = 0; q < n; q++) {
        const v = nodes[q]!;
        let l = -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
        for (let j = 0; j < cs.J; j++) {
          const x = cs.responses[i * cs.J + j]!;
          if (x > 1 || cs.itemSpec[j] !== s) continue;
          l += logP(x, cs.d[j]! + cs.aG[j]! * g + cs.aS[j]! * v);
        }
        inner += Math.exp(l) * h;
      }
      lg += Math.log(inner);
    }
    Lg += Math.exp(lg) * h;
  }
  return Math.log(Lg);
}

/** Centres settled by a few adaptive E-steps from the prior. */
function settle(plan: IrtAgqPlan, cs: ReturnType<typeof makeCase>, Kg: number, Qs: number): Float64Array {
  const C = 2 + 3 * cs.S;
  let c = new Float64Array(cs.N * C);
  for (let i = 0; i < cs.N; i++) {
    c[i * C + 1] = 1;
    for (let s = 0; s < cs.S; s++) c[i * C + 4 + 3 * s] = 1;
  }
  for (let r = 0; r < 8; r++) c = plan.run(cs, agqRule(Kg, Qs), c, null, false).moments;
  return c;
}

/** The earlier arithmetic (ref irtAgqEstepDirect: one exp and one log1p per cell, sums of logs) on a plan's layout. */
function runDirect(plan: IrtAgqPlan, cs: ReturnType<typeof makeCase>, rule: IrtAgqRule, centers: Float64Array, priorMean: Float64Array | null, link: 0 | 1): IrtAgqOutput {
  const { N, J, S } = cs;
  const Kg = rule.xg.length;
  const Qs = rule.xs.length;
  const tabOff = new Int32Array(J);
  let T = 0;
  for (let j = 0; j < J; j++) {
    tabOff[j] = T;
    T += cs.itemSpec[j]! < 0 ? Kg : Kg * Qs;
  }
  const out = { loglik: new Float64Array(N), moments: new Float64Array(N * (2 + 3 * S)), grad: new Float64Array(3 * J), info: new Float64Array(6 * J), q: new Float64Array(J), nodes: new Float64Array(N * ref.irtAgq.agqNodeStride(Kg, Qs, S)) };
  ref.irtAgq.irtAgqEstepDirect(
    { nPersons: N, nItems: J, responses: cs.responses, nSpec: S, itemSpec: cs.itemSpec, tabOff, tabLen: T, link, aG: cs.aG, aS: cs.aS, d: cs.d, ...rule, priorMean, centers, outMoments: out.moments, outLoglik: out.loglik, outGrad: out.grad, outInfo: out.info, outQ: out.q, outNodes: out.nodes },
    normCdf,
  );
  void plan;
  return out;
}

/** Largest |x − y| / max(1, |y|) over the outputs. */
function worstRel(a: IrtAgqOutput, b: IrtAgqOutput): Record<string, number> {
  const r: Record<string, number> = {};
  for (const k of ['loglik', 'moments', 'grad', 'info', 'q', 'nodes'] as const) {
    const x = a[k]!;
    const y = b[k]!;
    let m = 0;
    for (let i = 0; i < y.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!) / Math.max(1, Math.abs(y[i]!)));
    r[k] = m;
  }
  return r;
}

describe('adaptive Gauss–Hermite E-step kernel', () => {
  it('WebAssembly and the TS reference agree (log-likelihoods, moments, gradient, information: 1e-10 relative)', () => {
    const cs = makeCase(3, 40, 13, 3, 3);
    const layout = { nPersons: cs.N, nItems: cs.J, responses: cs.responses, nSpec: cs.S, itemSpec: cs.itemSpec, link: 0 as const };
    const w = new IrtAgqPlan(layout, 'wasm');
    const t = new IrtAgqPlan(layout, 'ts');
    try {
      const rule = agqRule(7, 5);
      const c = settle(t, cs, 7, 5);
      const pm = Float64Array.from({ length: cs.N * (1 + cs.S) }, (_, k) => 0.1 * Math.sin(k));
      for (const prior of [null, pm]) {
        const a = w.run(cs, rule, c, prior, true, true, true);
        const b = t.run(cs, rule, c, prior, true, true, true);
        for (const [x, y] of [[a.loglik, b.loglik], [a.moments, b.moments], [a.grad!, b.grad!], [a.info!, b.info!], [a.q!, b.q!], [a.nodes!, b.nodes!]] as const)
          for (let k = 0; k < x.length; k++) expect(Math.abs(x[k]! - y[k]!)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(y[k]!)));
      }
      // normal-ogive link too
      const wn = new IrtAgqPlan({ ...layout, link: 1 }, 'wasm');
      const tn = new IrtAgqPlan({ ...layout, link: 1 }, 'ts');
      const a = wn.run(cs, rule, c, null, true);
      const b = tn.run(cs, rule, c, null, true);
      for (let k = 0; k < a.loglik.length; k++) expect(Math.abs(a.loglik[k]! - b.loglik[k]!)).toBeLessThanOrEqual(1e-10 * Math.abs(b.loglik[k]!));
      for (let k = 0; k < a.grad!.length; k++) expect(Math.abs(a.grad![k]! - b.grad![k]!)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(b.grad![k]!)));
      wn.dispose();
      tn.dispose();
    } finally {
      w.dispose();
      t.dispose();
    }
  });

  it('the factorised, product-domain arithmetic equals the direct per-cell formula (1e-9 relative; measured ≤ 2e-13), also past 2^-300 products and |η| > 480', () => {
    // case 1: 800 items on 2 specifics (block products far below 2^-300 at the outer nodes: rescaling);
    // case 2: three items with |d| ≥ 550 (rows beyond the factorised range, P < 2^-700); both links
    for (const [seed, N, J, far] of [
      [11, 8, 801, false],
      [12, 25, 40, true],
    ] as const) {
      const cs = makeCase(seed, N, J, 2, 2.5);
      // items 0 (general only), 1 and 2 far beyond everyone's reach: a response against them has P ≈ e^{−600}
      if (far) [cs.d[0], cs.d[1], cs.d[2]] = [600, -600, 550];
      for (const link of [0, 1] as const) {
        const layout = { nPersons: cs.N, nItems: cs.J, responses: cs.responses, nSpec: cs.S, itemSpec: cs.itemSpec, link };
        const w = new IrtAgqPlan(layout, 'wasm');
        const t = new IrtAgqPlan(layout, 'ts');
        try {
          const rule = agqRule(9, 7);
          const c = settle(t, cs, 9, 7);
          // the case reaches what it is meant to test: block log-likelihoods (Σ log P over a specific's
          // items at one node) below −300 ln 2 / |η| beyond 480 (logistic log P as the yardstick)
          const dir = runDirect(w, cs, rule, c, null, link);
          const NS = ref.irtAgq.agqNodeStride(9, 7, cs.S);
          let minBlock = 0;
          let maxEta = 0;
          for (let i = 0; i < cs.N; i++)
            for (let k = 0; k < 9; k++)
              for (let q = 0; q < 7; q++) {
                const block = new Float64Array(cs.S);
                for (let j = 0; j < J; j++) {
                  const x = cs.responses[i * J + j]!;
                  const s = cs.itemSpec[j]!;
                  if (x > 1) continue;
                  const eta = cs.d[j]! + cs.aG[j]! * dir.nodes![i * NS + k]! + (s < 0 ? 0 : cs.aS[j]! * dir.nodes![i * NS + 18 + (s * 9 + k) * 7 + q]!);
                  maxEta = Math.max(maxEta, Math.abs(eta));
                  if (s >= 0) block[s] += logP(x, eta);
                }
                for (const v of block) minBlock = Math.min(minBlock, v);
              }
          if (!far) expect(minBlock).toBeLessThan(-300 * Math.LN2);
          else expect(maxEta).toBeGreaterThan(480);
          // measured: ≤ 2e-13 (logistic, both); the normal ogive keeps the direct formula, so the TS
          // reference equals it exactly (0), and the WebAssembly kernel differs by its own normCdf and log
          // (≤ 1e-13 in case 1; in case 2, where log Φ(−600) ≈ −1.8e5 makes posteriors so sharp that
          // Cov(s, g)/Var g cancels, by 1e-7 in the moments: the same with the earlier kernel)
          for (const impl of link === 1 && far ? [t] : [w, t]) {
            const out = impl.run(cs, rule, c, null, true, true, true);
            const r = worstRel(out, dir);
            for (const v of Object.values(r)) expect(v).toBeLessThan(1e-9);
            if (link === 1 && impl === t) for (const v of Object.values(r)) expect(v).toBe(0);
            // without the gradient (the reciprocal domain, no division per cell): the same log-likelihoods
            // and moments (1e-9 relative; measured ≤ 1e-13)
            const ng = impl.run(cs, rule, c, null, false);
            for (const [x, y] of [[ng.loglik, dir.loglik], [ng.moments, dir.moments]] as const)
              for (let k = 0; k < y.length; k++) expect(Math.abs(x[k]! - y[k]!)).toBeLessThan(1e-9 * Math.max(1, Math.abs(y[k]!)));
          }
        } finally {
          w.dispose();
          t.dispose();
        }
      }
    }
  });

  it('log-likelihood of a tiny bifactor case equals brute-force integration (1e-8 absolute per model)', () => {
    const cs = makeCase(5, 6, 7, 2, 2.5);
    const plan = new IrtAgqPlan({ nPersons: cs.N, nItems: cs.J, responses: cs.responses, nSpec: cs.S, itemSpec: cs.itemSpec, link: 0 }, 'wasm');
    try {
      // with 1–3 items per factor these posteriors are far from normal, and the logistic's poles
      // (η = ±iπ) make Gauss–Hermite converge only geometrically: 21 × 21 nodes leave 5e-7, 41 × 41
      // 1.6e-8, 61 × 61 1.8e-10 (measured)
      const c = settle(plan, cs, 61, 61);
      const ll = plan.run(cs, agqRule(61, 61), c, null, false).loglik;
      for (let i = 0; i < cs.N; i++) {
        // trapezoid on [−10, 10], step 0.04: for these analytic integrands it agrees with steps 0.02 and
        // 0.01 to 1e-12 (measured)
        const bf = bruteLoglik(cs, i, 0.04);
        expect(Math.abs(ll[i]! - bf)).toBeLessThan(1e-8);
      }
    } finally {
      plan.dispose();
    }
  });

  it('the gradient it accumulates is the gradient of its own log-likelihood (Fisher identity; central differences, 1e-6 relative)', async () => {
    const cs = makeCase(9, 30, 10, 3, 4);
    const plan = new IrtAgqPlan({ nPersons: cs.N, nItems: cs.J, responses: cs.responses, nSpec: cs.S, itemSpec: cs.itemSpec, link: 0 }, 'wasm');
    try {
      const rule = agqRule(9, 7);
      const c = settle(plan, cs, 9, 7);
      const out = plan.run(cs, rule, c, null, true, true, true);
      const g = out.grad!;
      // the per-item objective the kernel returns is the one the M-step evaluates on the pseudo-observations
      const { itemObjective } = await import('../src/irt/agq.js');
      const st = { nItems: cs.J, G: 1, generalMask: new Uint8Array(cs.J).fill(1), S: cs.S, itemSpec: cs.itemSpec, commonSlope: false, guessing: 'none' as const, link: 'logistic' as const };
      const pn = { nodes: out.nodes!, stride: 2 * 9 + 2 * cs.S * 9 * 7, Kg: 9, Qs: 7, responses: cs.responses, N: cs.N };
      for (let j = 0; j < cs.J; j++) expect(Math.abs(itemObjective(st, j, cs.aG[j]!, cs.aS[j]!, cs.d[j]!, pn) - out.q![j]!)).toBeLessThan(1e-9 * Math.abs(out.q![j]!));
      // the plan's batched objective (what agqMstep calls) over the same nodes: at the E-step's parameters
      // the kernel's q bit for bit (same arithmetic, same order); at other parameters itemObjective's value
      // (1e-9 relative; measured ≤ 3e-15), in WebAssembly and in the TS reference
      const sel = Int32Array.from({ length: cs.J }, (_, j) => cs.J - 1 - j);
      const pick = (v: Float64Array, f = 1) => Float64Array.from(sel, (j) => v[j]! * f);
      const at0 = plan.objective(sel, pick(cs.aG), pick(cs.aS), pick(cs.d));
      for (let t = 0; t < cs.J; t++) expect(at0[t]).toBe(out.q![sel[t]!]);
      const tsPlan = new IrtAgqPlan(plan.layout, 'ts');
      try {
        tsPlan.run(cs, rule, c, null, true, true, true);
        for (const f of [1, 1.3]) {
          const w = plan.objective(sel, pick(cs.aG, f), pick(cs.aS, 2 - f), pick(cs.d, f));
          const r = tsPlan.objective(sel, pick(cs.aG, f), pick(cs.aS, 2 - f), pick(cs.d, f));
          for (let t = 0; t < cs.J; t++) {
            const j = sel[t]!;
            const ref = itemObjective(st, j, cs.aG[j]! * f, cs.aS[j]! * (2 - f), cs.d[j]! * f, pn);
            expect(Math.abs(w[t]! - ref)).toBeLessThan(1e-9 * Math.abs(ref));
            expect(Math.abs(r[t]! - ref)).toBeLessThan(1e-9 * Math.abs(ref));
          }
        }
      } finally {
        tsPlan.dispose();
      }
      const total = (p: typeof cs): number => plan.run(p, rule, c, null, false).loglik.reduce((a, b) => a + b, 0);
      const h = 1e-5;
      for (const j of [0, 1, 5]) {
        for (const [k, key] of [[0, 'aG'], [1, 'aS'], [2, 'd']] as const) {
          if (key === 'aS' && cs.itemSpec[j]! < 0) continue;
          const up = { ...cs, [key]: cs[key].slice() };
          const dn = { ...cs, [key]: cs[key].slice() };
          up[key][j] += h;
          dn[key][j] -= h;
          const fd = (total(up) - total(dn)) / (2 * h);
          expect(Math.abs(g[3 * j + k]! - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
        }
      }
    } finally {
      plan.dispose();
    }
  });
});

describe('fitIrt warm start', () => {
  it('from an earlier fit (matched by item id) reaches the same estimates (1e-3) in fewer EM evaluations; items it lacks start as usual', async () => {
    const { ResponseMatrix } = await import('../src/data/leaderboard.js');
    const { fitIrt } = await import('../src/irt/fit.js');
    const rng = seeded(31);
    const N = 1500;
    const J = 10;
    const a = Array.from({ length: J }, () => 0.8 + rng.uniform());
    const d = Array.from({ length: J }, () => -1 + 2 * rng.uniform());
    const v = new Uint8Array(N * J);
    for (let i = 0; i < N; i++) {
      const th = rng.normal();
      for (let j = 0; j < J; j++) v[i * J + j] = rng.uniform() < 1 / (1 + Math.exp(-(a[j]! * th + d[j]!))) ? 1 : 0;
    }
    const resp = new ResponseMatrix(N, J, v);
    const ids = Array.from({ length: J }, (_, j) => `i${j}`);
    const cold = fitIrt(resp, { model: '2PL', itemIds: ids, se: false, quadrature: { points: 41, range: 6 } });
    // an earlier fit that lacks item i9 and has a stranger i99
    const start = { ...cold, items: [...cold.items.filter((it) => it.id !== 'i9'), { ...cold.items[0]!, id: 'i99' }] };
    const warm = fitIrt(resp, { model: '2PL', itemIds: ids, se: false, quadrature: { points: 41, range: 6 }, start });
    expect(warm.iterations).toBeLessThan(cold.iterations);
    for (let j = 0; j < J; j++) {
      expect(Math.abs(warm.items[j]!.slopes[0]! - cold.items[j]!.slopes[0]!)).toBeLessThan(1e-3);
      expect(Math.abs(warm.items[j]!.intercept - cold.items[j]!.intercept)).toBeLessThan(1e-3);
    }
    expect(() => fitIrt(resp, { model: '2PL', itemIds: ids, start: { ...cold, nGeneral: 2 } })).toThrow(/general factor/);
  });
});
