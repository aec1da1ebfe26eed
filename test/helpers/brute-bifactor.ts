// Brute-force posterior moments of one model under a bifactor 2PL (logistic link, no guessing), for the
// adaptive-quadrature test on real data (test/irt.real.test.ts). Plain trapezoid sums over dense grids,
// nothing shared with packages/stats/src/irt/adaptive.ts (no Gauss–Hermite rule, no joint mode, no
// curvature-scaled nodes):
//   L = ∫ φ(g) Π_{j general-only} P_j(g) Π_s [∫ φ(s) Π_{j∈s} P_j(g, s) ds] dg
// (the Gibbons–Hedeker dimension reduction: a grid over g and, at every g point, one specific at a time).
// - g: a grid of nG points over the caller's window [gLo, gHi]; `edge` returns how far below its maximum the
//   log marginal density of g is at the window's ends (`bruteBifactorWidening` widens the window until both
//   ends are far enough below it).
// - each specific s at each g point: its conditional mode by Newton (warm-started from the previous g
//   point), then a window that is widened, side by side, until the log density at both ends is at least
//   `drop` below the mode, and a trapezoid grid of step hRel × (conditional SD from the curvature at the
//   mode) over it. `sEdge` returns the smallest drop seen over all g points and specifics.
// Why the windows hold the mass: a 2PL likelihood times a normal prior is log-concave in (g, s), so every
// conditional density of s and (Prékopa 1973) the marginal density of g are log-concave. For a log-concave f
// with mode m and f(b) = e^{−D} f(m) at b > m, log f lies below the chord through m and b beyond b and above
// it between them, so ∫_b^∞ f ≤ f(m)(b − m)e^{−D}/D and ∫_m^b f ≥ f(m)(b − m)(1 − e^{−D})/D: the mass beyond b
// is at most e^{−D}/(1 − e^{−D}) of the mass inside (D = 40: 4e-18; D = 25: 1.4e-11).
// Why a trapezoid rule is enough: on a window that holds all the mass, the trapezoid sum of a smooth
// (analytic) integrand converges geometrically in 1/h (for a normal density with SD σ the relative error is
// ≈ 2 exp(−2π²σ²/h²)); the test checks this directly by halving both steps on the sharpest models.
import type { BruteItems } from '../fixtures/irt/brute-force.js';

export interface BruteBifactorOptions {
  /** g points over [gLo, gHi] (default 121). */
  gPoints?: number;
  /** Trapezoid step of each specific, relative to its conditional SD at the mode (default 0.4). */
  hRel?: number;
  /** Log-density drop at both ends of each specific's window (default 40). */
  drop?: number;
}

export interface BruteBifactorResult {
  /** Posterior means: g first, then each specific. */
  eap: number[];
  /** Posterior SDs, same order. */
  psd: number[];
  /** log L of the model (marginal log-likelihood, priors included). */
  loglik: number;
  /** max over the two ends of the g window of (log density there − its maximum): ≤ −25 means no mass is lost. */
  edge: number;
  /** The same at the lower and at the upper end of the g window. */
  edgeLo: number;
  edgeHi: number;
  /** The smallest drop of the log density at the ends of any specific's window (≥ drop by construction). */
  sEdge: number;
  /** Item-response evaluations made (the cost). */
  evals: number;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log P(x | η) for the logistic link: xη − log(1 + e^η), without overflow. */
function lpLogistic(x: number, eta: number): number {
  return (x === 1 ? eta : 0) - (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta)));
}

export function bruteBifactorTrapezoid(it: BruteItems, row: Uint8Array, gLo: number, gHi: number, opts: BruteBifactorOptions = {}): BruteBifactorResult {
  if (it.link !== 'logistic') throw new RangeError('bruteBifactorTrapezoid: logistic link only');
  const nG = opts.gPoints ?? 121;
  const hRel = opts.hRel ?? 0.4;
  const drop = opts.drop ?? 40;
  const J = it.aG.length;
  const S = it.S;
  // items per group (observed only): 0 = general only, 1 + s = specific s
  const groups: { d: number[]; aG: number[]; aS: number[]; x: number[] }[] = Array.from({ length: S + 1 }, () => ({ d: [], aG: [], aS: [], x: [] }));
  for (let j = 0; j < J; j++) {
    const v = row[j]!;
    if (v > 1) continue;
    const g = groups[it.spec[j]! < 0 ? 0 : 1 + it.spec[j]!]!;
    g.d.push(it.d[j]!);
    g.aG.push(it.aG[j]!);
    g.aS.push(it.aS[j]!);
    g.x.push(v);
  }
  const G = groups.map((g) => ({ d: Float64Array.from(g.d), aG: Float64Array.from(g.aG), aS: Float64Array.from(g.aS), x: Uint8Array.from(g.x), n: g.d.length }));
  let evals = 0;
  const hg = (gHi - gLo) / (nG - 1);
  const lg = new Float64Array(nG);
  const m1 = new Float64Array(nG * S);
  const m2 = new Float64Array(nG * S);
  const sMode = new Float64Array(S);
  let sEdge = Infinity;
  let ls = new Float64Array(256);
  let sv = new Float64Array(256);

  // log of the conditional integrand of specific h (prior included, no constant) at (g, s)
  const phi = (h: number, g: number, s: number): number => {
    const q = G[h]!;
    let v = -0.5 * s * s;
    for (let u = 0; u < q.n; u++) v += lpLogistic(q.x[u]!, q.d[u]! + q.aG[u]! * g + q.aS[u]! * s);
    evals += q.n;
    return v;
  };
  // its first derivative and negative second derivative in s
  const deriv = (h: number, g: number, s: number): { d1: number; a: number } => {
    const q = G[h]!;
    let d1 = -s;
    let a = 1;
    for (let u = 0; u < q.n; u++) {
      const eta = q.d[u]! + q.aG[u]! * g + q.aS[u]! * s;
      const F = eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
      d1 += (q.x[u]! - F) * q.aS[u]!;
      a += F * (1 - F) * q.aS[u]! * q.aS[u]!;
    }
    evals += q.n;
    return { d1, a };
  };

  for (let k = 0; k < nG; k++) {
    const g = gLo + k * hg;
    let L = -0.5 * g * g - LOG_SQRT_2PI;
    const q0 = G[0]!;
    for (let u = 0; u < q0.n; u++) L += lpLogistic(q0.x[u]!, q0.d[u]! + q0.aG[u]! * g);
    evals += q0.n;
    for (let s = 0; s < S; s++) {
      const h = 1 + s;
      if (G[h]!.n === 0) {
        // no responses on this specific: its conditional posterior is its N(0, 1) prior
        m1[k * S + s] = 0;
        m2[k * S + s] = 1;
        continue;
      }
      // conditional mode: damped Newton on a concave function, warm start from the previous g point
      let m = k === 0 ? 0 : sMode[s]!;
      let fm = phi(h, g, m);
      let cur = deriv(h, g, m);
      for (let iter = 0; iter < 100; iter++) {
        let step = cur.d1 / cur.a;
        if (Math.abs(step) > 1) step = Math.sign(step);
        let t = m + step;
        let ft = phi(h, g, t);
        while (ft < fm && Math.abs(t - m) > 1e-14) {
          t = m + (t - m) / 2;
          ft = phi(h, g, t);
        }
        const moved = Math.abs(t - m);
        if (ft >= fm) {
          m = t;
          fm = ft;
        }
        cur = deriv(h, g, m);
        if (moved < 1e-10) break;
      }
      sMode[s] = m;
      const sd = 1 / Math.sqrt(cur.a);
      // window: widen each side until the log density there is ≥ drop below the mode
      const w0 = Math.sqrt(2 * drop) * sd;
      let lo = m - w0;
      let flo = phi(h, g, lo);
      while (flo > fm - drop) {
        lo = m - 2 * (m - lo);
        flo = phi(h, g, lo);
      }
      let hi = m + w0;
      let fhi = phi(h, g, hi);
      while (fhi > fm - drop) {
        hi = m + 2 * (hi - m);
        fhi = phi(h, g, hi);
      }
      sEdge = Math.min(sEdge, fm - flo, fm - fhi);
      const n = Math.ceil((hi - lo) / (hRel * sd)) + 1;
      const hs = (hi - lo) / (n - 1);
      if (ls.length < n) {
        ls = new Float64Array(n);
        sv = new Float64Array(n);
      }
      let mx = -Infinity;
      for (let r = 0; r < n; r++) {
        sv[r] = lo + r * hs;
        ls[r] = phi(h, g, sv[r]!);
        if (ls[r]! > mx) mx = ls[r]!;
      }
      // trapezoid: the end points carry half weight (their density is < e^{−drop} of the mode anyway)
      let z = 0;
      let e1 = 0;
      let e2 = 0;
      for (let r = 0; r < n; r++) {
        const w = Math.exp(ls[r]! - mx) * (r === 0 || r === n - 1 ? 0.5 : 1);
        z += w;
        e1 += w * sv[r]!;
        e2 += w * sv[r]! * sv[r]!;
      }
      m1[k * S + s] = e1 / z;
      m2[k * S + s] = e2 / z;
      L += mx + Math.log(z * hs) - LOG_SQRT_2PI;
    }
    lg[k] = L;
  }
  let mx = -Infinity;
  for (let k = 0; k < nG; k++) mx = Math.max(mx, lg[k]!);
  const edge = Math.max(lg[0]!, lg[nG - 1]!) - mx;
  let z = 0;
  let e1 = 0;
  let e2 = 0;
  const E1 = new Array<number>(S).fill(0);
  const E2 = new Array<number>(S).fill(0);
  for (let k = 0; k < nG; k++) {
    const w = Math.exp(lg[k]! - mx) * (k === 0 || k === nG - 1 ? 0.5 : 1);
    const g = gLo + k * hg;
    z += w;
    e1 += w * g;
    e2 += w * g * g;
    for (let s = 0; s < S; s++) {
      E1[s] += w * m1[k * S + s]!;
      E2[s] += w * m2[k * S + s]!;
    }
  }
  e1 /= z;
  e2 /= z;
  for (let s = 0; s < S; s++) {
    E1[s] /= z;
    E2[s] /= z;
  }
  return {
    eap: [e1, ...E1],
    psd: [Math.sqrt(Math.max(0, e2 - e1 * e1)), ...E1.map((v, s) => Math.sqrt(Math.max(0, E2[s]! - v * v)))],
    loglik: mx + Math.log(z * hg),
    edge,
    edgeLo: lg[0]! - mx,
    edgeHi: lg[nG - 1]! - mx,
    sEdge,
    evals,
  };
}


/**
 * The same with the g window found here: start from [c − w, c + w] (c, w from the caller — a guess, e.g. a
 * posterior mode ± 12 SD) and double the distance of an end from c while the log density there is within
 * `gDrop` of its maximum; the step over g stays (2w)/(gPoints − 1).
 */
export function bruteBifactorWidening(it: BruteItems, row: Uint8Array, c: number, w: number, opts: BruteBifactorOptions & { gDrop?: number } = {}): BruteBifactorResult & { gLo: number; gHi: number } {
  const nG0 = opts.gPoints ?? 121;
  const hg = (2 * w) / (nG0 - 1);
  const gDrop = opts.gDrop ?? 30;
  let lo = c - w;
  let hi = c + w;
  for (let tries = 0; ; tries++) {
    const nG = Math.round((hi - lo) / hg) + 1;
    const r = bruteBifactorTrapezoid(it, row, lo, hi, { ...opts, gPoints: nG });
    if ((r.edgeLo <= -gDrop && r.edgeHi <= -gDrop) || tries === 6) return { ...r, gLo: lo, gHi: hi };
    if (r.edgeLo > -gDrop) lo = c - 2 * (c - lo);
    if (r.edgeHi > -gDrop) hi = c + 2 * (hi - c);
  }
}
