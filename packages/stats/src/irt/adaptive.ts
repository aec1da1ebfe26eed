// Person posteriors by adaptive Gauss–Hermite quadrature (AGQ): every person gets nodes centred at
// the mode of their own posterior and scaled by its own curvature (Naylor & Smith 1982, Appl. Stat.
// 31:214–225; Liu & Pierce 1994, Biometrika 81:624–629; lme4's glmer(nAGQ > 1)). A fixed grid
// cannot resolve a posterior narrower than its spacing — with slopes of 5–10 the posterior SD of a
// leaderboard model is often below 0.1 — while AGQ integrates a near-normal posterior almost exactly
// with a few nodes whatever its width.
//
// Bifactor models (one general factor, at most one specific per item; Gibbons & Hedeker 1992,
// Psychometrika 57:423–436) keep the dimension reduction: the joint mode (g, s_1..s_S) is found by
// Newton (the negative Hessian is an arrowhead: g couples to every specific, the specifics only to g),
// then AGQ nodes for g centred at ĝ with the marginal curvature (the Schur complement
// A_gg − Σ A_gs²/A_ss), and at every g node, for each specific, AGQ nodes centred at its conditional
// mode ŝ_s(g) (the joint mode moved along ds/dg = −A_gs/A_ss, refined by one Newton step) with its
// conditional curvature:
//   L_i = ∫ φ(g) Π_{j general-only} P_j(g) Π_s [∫ φ(s) Π_{j∈s} P_j(g, s) ds] dg.
// Moments: E[g], E[g²] from the outer nodes; E[s] = Σ_k π_k E[s | g_k], E[s²] likewise.
// Priors: N(μ_f,i, σ_f²) per factor (a latent regression gives each person its own μ); the
// normalising constants are included, so log L_i is the marginal log-likelihood of person i.
import { evalLink, type IrtStructure, type ItemParams, type LinkEval } from './model.js';

/** Gauss–Hermite rule for the weight e^{−x²}: nodes and weights (Golub & Welsch 1969 via Newton on H_n; Numerical Recipes §4.6 `gauher`). */
export function gaussHermite(n: number): { x: Float64Array; w: Float64Array } {
  if (!(Number.isInteger(n) && n >= 1 && n <= 200)) throw new RangeError(`gaussHermite: n must be an integer in [1, 200], got ${n}`);
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const PIM4 = 0.7511255444649425; // π^{−1/4}
  const m = Math.floor((n + 1) / 2);
  let z = 0;
  for (let i = 0; i < m; i++) {
    // initial guesses (Numerical Recipes), then Newton on the orthonormal Hermite recurrence
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** -0.16667;
    else if (i === 1) z -= (1.14 * n ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0]!;
    else if (i === 3) z = 1.91 * z - 0.91 * x[1]!;
    else z = 2 * z - x[i - 2]!;
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = PIM4;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = 2 / (pp * pp);
    w[n - 1 - i] = w[i]!;
  }
  // ascending order
  x.reverse();
  w.reverse();
  return { x, w };
}

export interface AdaptiveOptions {
  /** Nodes for the general factor (default 61 unidimensional, 21 bifactor). */
  points?: number;
  /** Nodes per specific factor at each general node (default 15). */
  specificPoints?: number;
  /** Prior mean of factor f for person i (default 0). */
  priorMean?: (f: number, i: number) => number;
  /** Prior SD per factor (default 1). */
  priorSd?: readonly number[];
  /** Called about once a second with the number of persons done. */
  onProgress?: (done: number, total: number) => void;
}

export interface AdaptivePosterior {
  /** Per factor (general first, then the specifics): posterior means. */
  eap: Float64Array[];
  /** Per factor: posterior SDs. */
  psd: Float64Array[];
  /** log L_i, the marginal log-likelihood of each person (prior included). */
  loglik: Float64Array;
  /** Joint posterior mode of each factor. */
  mode: Float64Array[];
  points: number;
  specificPoints: number;
}

const LOG_SQRT_2PI = 0.918938533204672741780329736406;

/** log P(x | η), d/dη and d²/dη² (observed), and the expected information per unit η. */
interface Term {
  lp: number;
  d1: number;
  d2: number;
  info: number;
}

function term(link: 'logistic' | 'normal', c: number, x: number, eta: number, le: LinkEval, out: Term): void {
  if (link === 'logistic' && c === 0) {
    // log P = xη − log(1 + e^η)
    let F: number;
    let l1pe: number;
    if (eta >= 0) {
      const e = Math.exp(-eta);
      F = 1 / (1 + e);
      l1pe = eta + Math.log1p(e);
    } else {
      const e = Math.exp(eta);
      F = e / (1 + e);
      l1pe = Math.log1p(e);
    }
    out.lp = x * eta - l1pe;
    out.d1 = x - F;
    out.d2 = -F * (1 - F);
    out.info = F * (1 - F);
    return;
  }
  evalLink(link, eta, le);
  const fp = link === 'logistic' ? le.f * (1 - 2 * le.F) : -eta * le.f; // f′(η)
  if (x === 1) {
    if (c === 0) {
      out.lp = le.logF;
      out.d1 = le.r1;
      out.d2 = link === 'logistic' ? -le.F * (1 - le.F) : -le.r1 * (eta + le.r1);
    } else {
      const P = c + (1 - c) * le.F;
      out.lp = Math.log(P);
      out.d1 = ((1 - c) * le.f) / P;
      out.d2 = ((1 - c) * fp) / P - out.d1 * out.d1;
    }
  } else {
    out.lp = Math.log1p(-c) + le.log1mF;
    out.d1 = -le.r0;
    out.d2 = link === 'logistic' ? -le.F * (1 - le.F) : -le.r0 * (le.r0 - eta);
  }
  // expected information ((1 − c) f)² / (P (1 − P)) with 1 − P = (1 − c)(1 − F): (1 − c) f · r0 / P
  // (for c = 0: r1 · r0 = f² / (F (1 − F)), computed from the Mills ratios without underflow)
  out.info = c === 0 ? le.r1 * le.r0 : ((1 - c) * le.f * le.r0) / (c + (1 - c) * le.F);
}

/**
 * Posterior moments of every person under the fitted item parameters by adaptive Gauss–Hermite
 * quadrature. Models with one general factor only (unidimensional and bifactor); two-tier models
 * with a correlated general tier are scored on their grid (scores.ts).
 */
export function adaptivePosterior(st: IrtStructure, p: ItemParams, responses: Uint8Array, N: number, opts: AdaptiveOptions = {}): AdaptivePosterior {
  if (st.G !== 1) throw new RangeError('adaptivePosterior: one general factor only (unidimensional or bifactor)');
  const J = st.nItems;
  const S = st.S;
  const F = 1 + S;
  const Qg = opts.points ?? (S > 0 ? 21 : 61);
  const Qs = opts.specificPoints ?? 15;
  const gh = gaussHermite(Qg);
  const ghS = gaussHermite(Qs);
  // log of (weight · e^{x²}) for the change of variable θ = μ + √2 τ x
  const lwG = Float64Array.from(gh.x, (x, q) => Math.log(gh.w[q]!) + x * x);
  const lwS = Float64Array.from(ghS.x, (x, q) => Math.log(ghS.w[q]!) + x * x);
  const sdPrior = opts.priorSd ?? new Array<number>(F).fill(1);
  const link = st.link;
  const eap = Array.from({ length: F }, () => new Float64Array(N));
  const psd = Array.from({ length: F }, () => new Float64Array(N));
  const mode = Array.from({ length: F }, () => new Float64Array(N));
  const loglik = new Float64Array(N);
  const le: LinkEval = { F: 0, f: 0, logF: 0, log1mF: 0, r1: 0, r0: 0 };
  const t: Term = { lp: 0, d1: 0, d2: 0, info: 0 };
  // items per group: group 0 = general-only, 1 + s = specific s
  const aG = p.aG;
  const aS = p.aS;
  const dd = p.d;
  const cc = p.c;
  const spec = st.itemSpec;
  const idx = new Int32Array(J);
  const xs = new Uint8Array(J);
  const start = new Int32Array(F + 1);
  const mu = new Float64Array(F);
  const th = new Float64Array(F);
  const grad = new Float64Array(F);
  const Agg = { v: 0 };
  const Ags = new Float64Array(F);
  const Ass = new Float64Array(F);
  const step = new Float64Array(F);
  const trial = new Float64Array(F);
  const cnt = new Int32Array(F);
  const lgK = new Float64Array(Qg);
  const gK = new Float64Array(Qg);
  const m1s = new Float64Array(Qg * F);
  const m2s = new Float64Array(Qg * F);
  const lq = new Float64Array(Qs);
  const sq = new Float64Array(Qs);
  let lastTick = Date.now();

  // log posterior (up to the priors' constants) at th, with gradient and negative Hessian (arrowhead)
  const evalJoint = (i: number, x: Float64Array, wantDeriv: boolean, expected: boolean): number => {
    let f = 0;
    if (wantDeriv) {
      grad.fill(0);
      Agg.v = 0;
      Ags.fill(0);
      Ass.fill(0);
    }
    for (let h = 0; h < F; h++) {
      const z = (x[h]! - mu[h]!) / sdPrior[h]!;
      f -= 0.5 * z * z;
      if (wantDeriv) {
        grad[h] -= z / sdPrior[h]!;
        if (h === 0) Agg.v += 1 / sdPrior[0]! ** 2;
        else Ass[h] += 1 / sdPrior[h]! ** 2;
      }
    }
    for (let h = 0; h < F; h++)
      for (let u = start[h]!; u < start[h + 1]!; u++) {
        const j = idx[u]!;
        const a1 = aG[j]!;
        const a2 = h > 0 ? aS[j]! : 0;
        const eta = dd[j]! + a1 * x[0]! + (h > 0 ? a2 * x[h]! : 0);
        term(link, cc[j]!, xs[u]!, eta, le, t);
        f += t.lp;
        if (wantDeriv) {
          const w2 = expected ? t.info : -t.d2;
          grad[0] += t.d1 * a1;
          Agg.v += w2 * a1 * a1;
          if (h > 0) {
            grad[h] += t.d1 * a2;
            Ags[h] += w2 * a1 * a2;
            Ass[h] += w2 * a2 * a2;
          }
        }
      }
    void i;
    return f;
  };

  // Newton step for the arrowhead system A δ = grad; false when A is not positive definite
  const solve = (): boolean => {
    let schur = Agg.v;
    let rhs = grad[0]!;
    for (let h = 1; h < F; h++) {
      if (!(Ass[h]! > 0)) return false;
      schur -= (Ags[h]! * Ags[h]!) / Ass[h]!;
      rhs -= (Ags[h]! * grad[h]!) / Ass[h]!;
    }
    if (!(schur > 0)) return false;
    step[0] = rhs / schur;
    for (let h = 1; h < F; h++) step[h] = (grad[h]! - Ags[h]! * step[0]!) / Ass[h]!;
    return true;
  };

  // Σ log P over the items of group h (0 = general-only) at (g, s), the prior excluded. The logistic
  // link without guessing (the usual case) is inlined: log P = xη − max(η, 0) − log(1 + e^{−|η|}).
  const fastLogistic = link === 'logistic' && !Array.prototype.some.call(cc, (v: number) => v !== 0);
  const groupLogLik = (h: number, g: number, s: number): number => {
    let f = 0;
    const u1 = start[h + 1]!;
    if (fastLogistic) {
      for (let u = start[h]!; u < u1; u++) {
        const j = idx[u]!;
        const eta = dd[j]! + aG[j]! * g + aS[j]! * s;
        f += (xs[u]! === 1 ? eta : 0) - (eta > 0 ? eta : 0) - Math.log1p(Math.exp(eta > 0 ? -eta : eta));
      }
      return f;
    }
    for (let u = start[h]!; u < u1; u++) {
      const j = idx[u]!;
      term(link, cc[j]!, xs[u]!, dd[j]! + aG[j]! * g + aS[j]! * s, le, t);
      f += t.lp;
    }
    return f;
  };
  // conditional log integrand of specific h at (g, s) with its first derivative and curvature in s
  // (prior included, no constant), written to cond
  const cond = { f: 0, d1: 0, a: 0 };
  const condEval = (h: number, g: number, s: number): void => {
    const z = (s - mu[h]!) / sdPrior[h]!;
    let f = -0.5 * z * z;
    let d1 = -z / sdPrior[h]!;
    let a = 1 / sdPrior[h]! ** 2;
    for (let u = start[h]!; u < start[h + 1]!; u++) {
      const j = idx[u]!;
      const eta = dd[j]! + aG[j]! * g + aS[j]! * s;
      term(link, cc[j]!, xs[u]!, eta, le, t);
      f += t.lp;
      d1 += t.d1 * aS[j]!;
      const w2 = -t.d2 > 0 ? -t.d2 : t.info;
      a += w2 * aS[j]! * aS[j]!;
    }
    cond.f = f;
    cond.d1 = d1;
    cond.a = a;
  };

  for (let i = 0; i < N; i++) {
    // observed items of person i, grouped
    cnt.fill(0);
    for (let j = 0; j < J; j++) if (responses[i * J + j]! <= 1) cnt[1 + spec[j]!]++;
    start[0] = 0;
    for (let h = 0; h < F; h++) start[h + 1] = start[h]! + cnt[h]!;
    const fill = Int32Array.from(start.subarray(0, F));
    for (let j = 0; j < J; j++) {
      const v = responses[i * J + j]!;
      if (v > 1) continue;
      const h = 1 + spec[j]!;
      idx[fill[h]!] = j;
      xs[fill[h]!] = v;
      fill[h]++;
    }
    for (let h = 0; h < F; h++) {
      mu[h] = opts.priorMean ? opts.priorMean(h, i) : 0;
      th[h] = mu[h]!;
    }
    // 1. joint mode by damped Newton (Fisher scoring where the observed curvature is not PD)
    let fcur = evalJoint(i, th, true, false);
    for (let it = 0; it < 200; it++) {
      let ok = solve();
      if (!ok) {
        evalJoint(i, th, true, true);
        ok = solve();
        if (!ok) break;
      }
      let mx = 0;
      for (let h = 0; h < F; h++) mx = Math.max(mx, Math.abs(step[h]!));
      const cap = mx > 2 ? 2 / mx : 1; // trust region: at most 2 units per step
      let lam = cap;
      let accepted = false;
      for (let half = 0; half < 40; half++) {
        for (let h = 0; h < F; h++) trial[h] = th[h]! + lam * step[h]!;
        const ft = evalJoint(i, trial, false, false);
        if (ft >= fcur - 1e-12 * Math.abs(fcur)) {
          th.set(trial);
          fcur = ft;
          accepted = true;
          break;
        }
        lam /= 2;
      }
      fcur = evalJoint(i, th, true, false);
      if (!accepted || lam * mx < 1e-10) break;
    }
    // curvature at the mode (observed; expected if the observed is not PD)
    if (!solve()) evalJoint(i, th, true, true);
    let schur = Agg.v;
    for (let h = 1; h < F; h++) schur -= (Ags[h]! * Ags[h]!) / Ass[h]!;
    const tauG = 1 / Math.sqrt(Math.max(schur, 1e-12));
    for (let h = 0; h < F; h++) mode[h]![i] = th[h]!;
    // 2. outer nodes over g
    const sg = Math.SQRT2 * tauG;
    let mxK = -Infinity;
    for (let k = 0; k < Qg; k++) {
      const g = th[0]! + sg * gh.x[k]!;
      gK[k] = g;
      const zg = (g - mu[0]!) / sdPrior[0]!;
      let L = lwG[k]! + Math.log(sg) - 0.5 * zg * zg - Math.log(sdPrior[0]!) - LOG_SQRT_2PI + groupLogLik(0, g, 0);
      // 3. inner nodes for each specific at its conditional mode
      for (let h = 1; h < F; h++) {
        const logC = -Math.log(sdPrior[h]!) - LOG_SQRT_2PI;
        if (start[h + 1]! === start[h]!) {
          // no responses on this specific: its posterior given g is its prior
          m1s[k * F + h] = mu[h]!;
          m2s[k * F + h] = mu[h]! * mu[h]! + sdPrior[h]! ** 2;
          continue;
        }
        // the conditional mode ŝ_s(g): the joint mode moved along the conditional-mode line
        // (ds/dg = −A_gs/A_ss), then one Newton step from there; nodes scaled by the conditional curvature
        let s = th[h]! - (Ags[h]! / Ass[h]!) * (g - th[0]!);
        condEval(h, g, s);
        let ds = cond.d1 / cond.a;
        if (Math.abs(ds) > 1) ds = Math.sign(ds);
        s += ds;
        const ss = Math.SQRT2 / Math.sqrt(Math.max(cond.a, 1e-12));
        const zs0 = 1 / sdPrior[h]!;
        let mxq = -Infinity;
        for (let q = 0; q < Qs; q++) {
          sq[q] = s + ss * ghS.x[q]!;
          const zs = (sq[q]! - mu[h]!) * zs0;
          lq[q] = lwS[q]! - 0.5 * zs * zs + groupLogLik(h, g, sq[q]!);
          if (lq[q]! > mxq) mxq = lq[q]!;
        }
        let sum = 0;
        let a1 = 0;
        let a2 = 0;
        for (let q = 0; q < Qs; q++) {
          const e = Math.exp(lq[q]! - mxq);
          sum += e;
          a1 += e * sq[q]!;
          a2 += e * sq[q]! * sq[q]!;
        }
        m1s[k * F + h] = a1 / sum;
        m2s[k * F + h] = a2 / sum;
        L += mxq + Math.log(sum) + Math.log(ss) + logC;
      }
      lgK[k] = L;
      if (L > mxK) mxK = L;
    }
    let sum = 0;
    for (let k = 0; k < Qg; k++) {
      lgK[k] = Math.exp(lgK[k]! - mxK);
      sum += lgK[k]!;
    }
    loglik[i] = mxK + Math.log(sum);
    let e1 = 0;
    let e2 = 0;
    const E1 = new Float64Array(F);
    const E2 = new Float64Array(F);
    for (let k = 0; k < Qg; k++) {
      const w = lgK[k]! / sum;
      e1 += w * gK[k]!;
      e2 += w * gK[k]! * gK[k]!;
      for (let h = 1; h < F; h++) {
        E1[h] += w * m1s[k * F + h]!;
        E2[h] += w * m2s[k * F + h]!;
      }
    }
    eap[0]![i] = e1;
    psd[0]![i] = Math.sqrt(Math.max(0, e2 - e1 * e1));
    for (let h = 1; h < F; h++) {
      eap[h]![i] = E1[h]!;
      psd[h]![i] = Math.sqrt(Math.max(0, E2[h]! - E1[h]! * E1[h]!));
    }
    if (opts.onProgress && (i & 63) === 63) {
      const now = Date.now();
      if (now - lastTick > 1000) {
        lastTick = now;
        opts.onProgress(i + 1, N);
      }
    }
  }
  opts.onProgress?.(N, N);
  return { eap, psd, loglik, mode, points: Qg, specificPoints: Qs };
}
