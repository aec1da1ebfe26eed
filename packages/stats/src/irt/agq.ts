// Stage 3b of the IRT fit (bifactor and unidimensional models with one general factor): EM with an
// ADAPTIVE Gauss–Hermite E-step (Schilling & Bock 2005, Psychometrika 70:289–304; Rabe-Hesketh,
// Skrondal & Pickles 2005, J. Econometrics 128:301–323). A fixed product grid cannot resolve the
// posteriors of real leaderboards (posterior SD of g 0.1–0.2 with 439 items, against a 21-point grid's
// spacing of 0.5); here every model gets its own nodes: g nodes at its posterior mean ± its posterior SD
// (μ_g + √2σ_g x_k), and at every g node, for each specific factor, nodes centred at the specific's
// conditional mean given g under the joint Gaussian approximation of the posterior,
// m_s + (Σ_sg/Σ_gg)(g − μ_g), scaled by the conditional SD √(Σ_ss − Σ_sg²/Σ_gg) (a lower-triangular
// change of variables; the Gibbons–Hedeker reduction survives because the posterior factorises as
// p(g | y) Π_s p(s | g, y)). The centres are the previous iteration's posterior moments. Kernel:
// core-wasm IrtAgqPlan (assembly/irtAgq.ts; TS reference src/ref/irtAgq.ts).
// M-step: the EM-gradient algorithm (Lange 1995, JRSS B 57:425–437) — per item one Newton step on the
// expected complete-data log-likelihood, whose gradient and information the kernel accumulates over each
// model's nodes (pseudo-observations weighted by their posterior probabilities). By Fisher's identity that
// gradient is the gradient of the adaptive-quadrature log-likelihood itself, so the fixed point is its
// maximum; SQUAREM (squarem.ts) accelerates the map.
// Stability: at the estimates, the log-likelihood with the fit's nodes against more nodes (default 7 × 5
// → 11 × 9); when they differ by QUADRATURE_TOLERANCE or more, EM continues with the finer rule.
import { IrtAgqPlan, type IrtAgqRule } from '@cartograph/core-wasm';
import { adaptivePosterior, gaussHermite } from './adaptive.js';
import { evalLink, linkScale, pack, unpack, type IrtStructure, type ItemParams, type LinkEval } from './model.js';
import { solveSmall } from './mstep.js';
import { regressCentered, type CenteredCovariates } from './regression.js';
import { squarem } from './squarem.js';
import type { QuadratureCheckStep } from './types.js';

/** Gauss–Hermite rule for g (Kg nodes) and each specific (Qs nodes), with log(w) + x². */
export function agqRule(Kg: number, Qs: number): IrtAgqRule {
  const g = gaussHermite(Kg);
  const s = gaussHermite(Qs);
  return {
    xg: g.x,
    lwg: Float64Array.from(g.x, (x, k) => Math.log(g.w[k]!) + x * x),
    xs: s.x,
    lws: Float64Array.from(s.x, (x, q) => Math.log(s.w[q]!) + x * x),
  };
}

/** Default node counts per model (general, each specific), and the refined counts of the stability check. */
export const AGQ_NODES = { g: 7, s: 5 };
export const AGQ_REFINED = (n: { g: number; s: number }): { g: number; s: number } => ({ g: n.g + 4, s: n.s + 4 });
const MAX_NODES = { g: 31, s: 25 };
/** A point whose log-likelihood is this far below the best so far does not move the nodes. */
const CENTRE_SLACK = 10;
/** Steps below this (slopes; intercepts × max(1, |a|)) skip the step-halving check. */
const SMALL_STEP = 0.05;
/** Largest change of any item parameter in one EM-gradient step. */
const MAX_STEP = 1;

export interface AgqInput {
  st: IrtStructure;
  responses: Uint8Array;
  nPersons: number;
  impl: 'wasm' | 'ts';
}

export interface AgqEmOptions {
  tol: number;
  maxEvals: number;
  accelerate: boolean;
  /** Node counts to start with (default AGQ_NODES). */
  nodes?: { g: number; s: number };
  /** Refine the node counts until the log-likelihood is stable (true), or only fit (false). */
  check: boolean;
  tolerance: number;
  cz: CenteredCovariates | null;
  /** Parameter-expanded EM steps (default true). */
  px?: boolean;
  /** Converged also when the log-likelihood changes by less than this over a SQUAREM cycle (squarem.ts llConverge). */
  llConverge?: number;
  onProgress?: (p: { stage: string; done?: number; total?: number; message?: string; loglik?: number }) => void;
}

export interface AgqEmResult {
  p: ItemParams;
  beta: Float64Array;
  loglik: number;
  evals: number;
  converged: boolean;
  change: number;
  /** Which rule declared convergence (squarem.ts), and the log-likelihood change over the last cycle. */
  by: 'change' | 'loglik' | null;
  gain: number;
  nodes: { g: number; s: number };
  steps: QuadratureCheckStep[];
  stable: boolean | null;
  /** Per-person centres at the estimates (N × (2 + 3S)). */
  centers: Float64Array;
}

/** Prior means z_iᵀβ_f (N × F, the AgqEngine's layout), or null without a latent regression. */
export function priorMeans(cz: CenteredCovariates | null, beta: ArrayLike<number>, F: number): Float64Array | null {
  if (!cz) return null;
  const out = new Float64Array(cz.N * F);
  for (let i = 0; i < cz.N; i++)
    for (let f = 0; f < F; f++) {
      let v = 0;
      for (let a = 0; a < cz.p; a++) v += cz.Z[i * cz.p + a]! * beta[f * cz.p + a]!;
      out[i * F + f] = v;
    }
  return out;
}

/**
 * Bound on |slope| in the adaptive phase, in units of the link's scale D (model.ts): a/D ≤ 10, a
 * standardized loading of 0.995. On real leaderboards some items separate the models almost perfectly
 * along g (a Guttman item): their likelihood keeps rising as the slope grows without limit, and the
 * fixed grid hid this only because it cannot resolve such slopes. Items at the bound are named by
 * fitIrt's Heywood warning.
 */
export const SLOPE_BOUND_D = 10;

/** Pseudo-observations of one E-step: every person's nodes and posterior weights (core-wasm layout). */
export interface AgqNodes {
  nodes: Float64Array;
  stride: number;
  Kg: number;
  Qs: number;
  responses: Uint8Array;
  N: number;
}

/** Item j's M-step objective Σ_i Σ_nodes π log P(x_ij | node) at (a, a_s, d). */
export function itemObjective(st: IrtStructure, j: number, a: number, as: number, d: number, pn: AgqNodes): number {
  const { nodes, stride, Kg, Qs, responses, N } = pn;
  const J = st.nItems;
  const s = st.itemSpec[j]!;
  const SKQ = st.S * Kg * Qs;
  const le: LinkEval = { F: 0, f: 0, logF: 0, log1mF: 0, r1: 0, r0: 0 };
  const logistic = st.link === 'logistic';
  // log P(x | η): logistic inline (xη − log(1 + e^η), stably), the normal ogive through evalLink
  const lp = (x: number, eta: number): number => {
    if (logistic) {
      const l = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
      return x === 1 ? eta - l : -l;
    }
    evalLink('normal', eta, le);
    return x === 1 ? le.logF : le.log1mF;
  };
  let Q = 0;
  for (let i = 0; i < N; i++) {
    const x = responses[i * J + j]!;
    if (x > 1) continue;
    const o = i * stride;
    if (s < 0) {
      for (let k = 0; k < Kg; k++) {
        Q += nodes[o + Kg + k]! * lp(x, d + a * nodes[o + k]!);
      }
    } else {
      const ob = o + 2 * Kg + s * Kg * Qs;
      for (let k = 0; k < Kg; k++) {
        const etaG = d + a * nodes[o + k]!;
        let inner = 0;
        for (let q = 0; q < Qs; q++) {
          const c = ob + k * Qs + q;
          inner += nodes[c + SKQ]! * lp(x, etaG + as * nodes[c]!);
        }
        Q += nodes[o + Kg + k]! * inner;
      }
    }
  }
  return Q;
}

/**
 * One EM-gradient M-step (Lange 1995): per item a Newton step on its expected complete-data
 * log-likelihood (gradient and information from the kernel), in place, with the slopes kept within
 * ±bound (a slope that would leave is put on the bound and the other parameters take the Newton step of
 * the quadratic model with that slope fixed), and step halving until the item's objective does not fall
 * (evaluated on the pseudo-observations; near-separated items make the quadratic model overshoot).
 * q0: each item's objective at the current parameters (the kernel's `q`), or null to evaluate it only
 * for the items whose step is checked. `objective` evaluates the objectives of several items at once
 * (IrtAgqPlan.objective over the E-step's nodes); without it, itemObjective on `pn`. The items are
 * independent, so the checks run item by item in rounds: every checked item's first trial, then the
 * halved steps of those that failed, …
 */
export function agqMstep(
  st: IrtStructure,
  p: ItemParams,
  grad: Float64Array,
  info: Float64Array,
  q0: Float64Array | null,
  pn: AgqNodes | null,
  bound = Infinity,
  objective?: (sel: Int32Array, a: Float64Array, as: Float64Array, d: Float64Array) => Float64Array,
): void {
  const obj =
    objective ??
    ((sel: Int32Array, a: Float64Array, as: Float64Array, d: Float64Array) => {
      if (!pn) throw new Error('agqMstep: neither an objective nor the nodes');
      return Float64Array.from(sel, (j, t) => itemObjective(st, j, a[t]!, as[t]!, d[t]!, pn));
    });
  // items whose step is checked: the item, its parameters, the step and its length h
  const checked: { j: number; hasS: boolean; cur: number[]; delta: number[]; h: number }[] = [];
  for (let j = 0; j < st.nItems; j++) {
    const hasS = st.itemSpec[j]! >= 0;
    const g = grad.subarray(3 * j, 3 * j + 3);
    const I = info.subarray(6 * j, 6 * j + 6);
    // parameters 0 = a_g, 1 = a_s, 2 = d; symmetric information
    const full = [
      [I[0]!, I[1]!, I[2]!],
      [I[1]!, I[3]!, I[4]!],
      [I[2]!, I[4]!, I[5]!],
    ];
    const cur = [p.aG[j]!, p.aS[j]!, p.d[j]!];
    const free = hasS ? [0, 1, 2] : [0, 2];
    const fixed = new Map<number, number>(); // parameter → its change (put on the bound)
    let step: Float64Array | null = null;
    for (let round = 0; round < 3; round++) {
      const m = free.length;
      const A = new Float64Array(m * m);
      const b = new Float64Array(m);
      free.forEach((r, a) => {
        b[a] = g[r]!;
        for (const [c, dc] of fixed) b[a] -= full[r]![c]! * dc;
        free.forEach((c, e) => (A[a * m + e] = full[r]![c]!));
      });
      step = solveSmall(A, b, m);
      if (!step) break;
      let out = -1;
      free.forEach((r, a) => {
        if (r < 2 && out < 0 && Math.abs(cur[r]! + step![a]!) > bound) out = a;
      });
      if (out < 0) break;
      const r = free[out]!;
      fixed.set(r, Math.sign(cur[r]! + step[out]!) * bound - cur[r]!);
      free.splice(out, 1);
      step = null;
    }
    if (!step) continue;
    const delta = [0, 0, 0];
    free.forEach((r, a) => (delta[r] = step![a]!));
    for (const [r, dc] of fixed) delta[r] = dc;
    // step cap in the item's own scale: slopes ±max(1, |a|/4), the intercept ±max(2, |a|) (d ≈ −a·b
    // moves with the slope)
    const a0 = Math.abs(cur[0]!);
    const capA = Math.max(MAX_STEP, a0 / 4);
    const capD = Math.max(2 * MAX_STEP, a0);
    let h = 1;
    for (const r of [0, 1]) if (Math.abs(delta[r]!) * h > capA) h = capA / Math.abs(delta[r]!);
    if (Math.abs(delta[2]!) * h > capD) h = capD / Math.abs(delta[2]!);
    // a small step (slopes < 0.05, intercept < 0.05·max(1, |a|)) is taken as is: there the quadratic
    // model is accurate and checking it would double the cost of an iteration near convergence
    const small = Math.abs(h * delta[0]!) < SMALL_STEP && Math.abs(h * delta[1]!) < SMALL_STEP && Math.abs(h * delta[2]!) < SMALL_STEP * Math.max(1, a0);
    if (small) {
      p.aG[j] = cur[0]! + h * delta[0]!;
      if (hasS) p.aS[j] = cur[1]! + h * delta[1]!;
      p.d[j] = cur[2]! + h * delta[2]!;
    } else checked.push({ j, hasS, cur, delta, h });
  }
  if (checked.length === 0) return;
  // step halving until the item's objective does not fall (at most 10 trials, else the item stays)
  const at = (list: typeof checked, step: boolean) => {
    const n = list.length;
    const sel = new Int32Array(n);
    const a = new Float64Array(n);
    const as = new Float64Array(n);
    const d = new Float64Array(n);
    list.forEach((c, t) => {
      sel[t] = c.j;
      a[t] = step ? c.cur[0]! + c.h * c.delta[0]! : c.cur[0]!;
      as[t] = !c.hasS ? 0 : step ? c.cur[1]! + c.h * c.delta[1]! : c.cur[1]!;
      d[t] = step ? c.cur[2]! + c.h * c.delta[2]! : c.cur[2]!;
    });
    return { sel, a, as, d };
  };
  const qCur = new Map<number, number>();
  if (q0) for (const c of checked) qCur.set(c.j, q0[c.j]!);
  else {
    const x = at(checked, false);
    const v = obj(x.sel, x.a, x.as, x.d);
    checked.forEach((c, t) => qCur.set(c.j, v[t]!));
  }
  let pending = checked;
  for (let half = 0; half < 10 && pending.length > 0; half++) {
    const x = at(pending, true);
    const v = obj(x.sel, x.a, x.as, x.d);
    const next: typeof checked = [];
    pending.forEach((c, t) => {
      const q = qCur.get(c.j)!;
      if (v[t]! >= q - 1e-12 * Math.abs(q)) {
        p.aG[c.j] = x.a[t]!;
        if (c.hasS) p.aS[c.j] = x.as[t]!;
        p.d[c.j] = x.d[t]!;
      } else {
        c.h /= 2;
        next.push(c);
      }
    });
    pending = next;
  }
}

/** Starting centres: posterior means and SDs by adaptive quadrature around each model's mode (adaptive.ts). */
export function initialCenters(inp: AgqInput, p: ItemParams, pm: Float64Array | null, nodes: { g: number; s: number }): Float64Array {
  const { st, nPersons: N } = inp;
  const S = st.S;
  const F = 1 + S;
  const ap = adaptivePosterior(st, p, inp.responses, N, {
    points: nodes.g,
    specificPoints: nodes.s,
    priorMean: pm ? (f, i) => pm[i * F + f]! : undefined,
  });
  return centresFromScores(ap.eap, ap.psd, N, S);
}

/**
 * Per-model centres of the adaptive nodes (N × (2 + 3S): μ_g, sd_g, then per specific m_s, b_s = 0, τ_s)
 * from posterior means and SDs per factor (general first), each divided by `scale[f]` when given.
 */
export function centresFromScores(eap: readonly ArrayLike<number>[], psd: readonly ArrayLike<number>[], N: number, S: number, scale?: readonly number[]): Float64Array {
  const C = 2 + 3 * S;
  const c = new Float64Array(N * C);
  const k = (f: number): number => (scale ? scale[f]! : 1);
  for (let i = 0; i < N; i++) {
    c[i * C] = eap[0]![i]! / k(0);
    c[i * C + 1] = psd[0]![i]! / k(0);
    for (let s = 0; s < S; s++) {
      c[i * C + 2 + 3 * s] = eap[1 + s]![i]! / k(1 + s);
      c[i * C + 3 + 3 * s] = 0;
      c[i * C + 4 + 3 * s] = psd[1 + s]![i]! / k(1 + s);
    }
  }
  return c;
}

export class AgqEngine {
  readonly plan: IrtAgqPlan;
  constructor(readonly inp: AgqInput) {
    if (inp.st.G !== 1 || inp.st.guessing !== 'none' || inp.st.commonSlope) throw new RangeError('AgqEngine: one general factor, free slopes, no guessing');
    this.plan = new IrtAgqPlan({ nPersons: inp.nPersons, nItems: inp.st.nItems, responses: inp.responses, nSpec: inp.st.S, itemSpec: inp.st.itemSpec, link: inp.st.link === 'logistic' ? 0 : 1 }, inp.impl);
  }
  /** Σ_i log L_i, the per-person values, the new centres and (optionally) the M-step's gradient and information. */
  run(p: ItemParams, rule: IrtAgqRule, centers: Float64Array, pm: Float64Array | null, wantGradient: boolean, wantNodes = false) {
    const out = this.plan.run(p, rule, centers, pm, wantGradient, wantNodes);
    let ll = 0;
    for (const v of out.loglik) ll += v;
    return { ...out, total: ll };
  }
  dispose(): void {
    this.plan.dispose();
  }
}

/**
 * Adaptive EM from `p0` (typically the fixed-grid estimates): SQUAREM over the EM-gradient map with the
 * centres updated at every E-step; then the stability check under more nodes.
 */
export function adaptiveEm(inp: AgqInput, p0: ItemParams, beta0: Float64Array, opts: AgqEmOptions): AgqEmResult {
  const { st } = inp;
  const S = st.S;
  const F = 1 + S;
  const cz = opts.cz;
  const nBeta = cz ? F * cz.p : 0;
  const C = 2 + 3 * S;
  const N = inp.nPersons;
  const engine = new AgqEngine(inp);
  try {
    let nodes = opts.nodes ?? { ...AGQ_NODES };
    let rule = agqRule(nodes.g, nodes.s);
    const p = { aG: p0.aG.slice(), aS: p0.aS.slice(), d: p0.d.slice(), c: p0.c.slice() };
    const beta = beta0.slice();
    const nItemPar = pack(st, p).length;
    const packAll = (pp: ItemParams, b: ArrayLike<number>): Float64Array => {
      const a = pack(st, pp);
      const out = new Float64Array(a.length + nBeta);
      out.set(a);
      out.set(Array.from(b).slice(0, nBeta), a.length);
      return out;
    };
    opts.onProgress?.({ stage: 'adaptive EM', message: `centring ${nodes.g} × ${nodes.s} Gauss–Hermite nodes on each model's posterior` });
    let centers = initialCenters(inp, p, priorMeans(cz, beta, F), nodes);
    // settle the centres at the start values (posterior mean/SD, and the g–s covariances the start lacks)
    for (let r = 0; r < 2; r++) centers = engine.run(p, rule, centers, priorMeans(cz, beta, F), false).moments;
    const steps: QuadratureCheckStep[] = [];
    let evals = 0;
    let bestLl = -Infinity;
    const work = { aG: p.aG.slice(), aS: p.aS.slice(), d: p.d.slice(), c: p.c.slice() };
    const mom1 = Array.from({ length: F }, () => new Float64Array(N));
    const map = (psi: Float64Array) => {
      unpack(st, psi.subarray(0, nItemPar), work);
      const b = psi.subarray(nItemPar);
      const pm = priorMeans(cz, b, F);
      const e = engine.run(work, rule, centers, pm, true, true);
      evals++;
      // the next nodes follow this point's posteriors, unless it is a far worse point (a rejected SQUAREM
      // extrapolation), whose posteriors would misplace the nodes of the next evaluation
      if (e.total >= bestLl - CENTRE_SLACK) centers = e.moments;
      if (e.total > bestLl) bestLl = e.total;
      agqMstep(st, work, e.grad!, e.info!, null, null, bound, (sel, a, as, d) => engine.plan.objective(sel, a, as, d));
      if (opts.onProgress) {
        let mg = 0;
        let ms = 0;
        for (let j = 0; j < st.nItems; j++) {
          mg = Math.max(mg, Math.abs(work.aG[j]!));
          ms = Math.max(ms, Math.abs(work.aS[j]!));
        }
        const nx = pack(st, work);
        let big = 0;
        let at = 0;
        for (let k = 0; k < nx.length; k++)
          if (Math.abs(nx[k]! - psi[k]!) > big) {
            big = Math.abs(nx[k]! - psi[k]!);
            at = k;
          }
        const off = offBoundChange(psi.subarray(0, nItemPar), nx);
        opts.onProgress({ stage: 'adaptive EM', done: evals, message: `adaptive EM ${evals} (${nodes.g} × ${nodes.s} nodes per model): log-likelihood ${e.total.toFixed(2)}; largest slopes: general ${mg.toFixed(2)}, specific ${ms.toFixed(2)}; largest step ${big.toExponential(1)} (parameter ${at}: ${psi[at]!.toFixed(3)} → ${nx[at]!.toFixed(3)}), ${off.toExponential(1)} off the ${boundItems} item(s) on the slope bound`, loglik: e.total });
      }
      let nb: number[] = [];
      if (cz) {
        for (let i = 0; i < N; i++) {
          mom1[0]![i] = e.moments[i * C]!;
          for (let s = 0; s < S; s++) mom1[1 + s]![i] = e.moments[i * C + 2 + 3 * s]!;
        }
        for (let f = 0; f < F; f++) nb = nb.concat(regressCentered(cz, mom1[f]!));
      }
      if (opts.px !== false) expand(work, nb, e.moments, centers, e.total >= bestLl - CENTRE_SLACK);
      return { next: packAll(work, nb), ll: e.total };
    };
    const valid = (psi: Float64Array): boolean => {
      for (const v of psi) if (!Number.isFinite(v)) return false;
      return true;
    };
    // slopes bounded at |a|/D ≤ 10 (an extrapolated point is put back within the bound: project)
    const bound = SLOPE_BOUND_D * linkScale(st.link);
    // packed layout of model.ts: per item a_g, a_s if it has a specific, d
    const itemStart: number[] = [];
    const slopeIdx: number[] = [];
    {
      let o = 0;
      for (let j = 0; j < st.nItems; j++) {
        itemStart.push(o);
        slopeIdx.push(o);
        if (st.itemSpec[j]! >= 0) slopeIdx.push(o + 1);
        o += st.itemSpec[j]! >= 0 ? 3 : 2;
      }
      itemStart.push(o);
    }
    // the change that convergence is judged by: the largest absolute change of the parameters of the items
    // off the slope bound (and of the latent regression). An item on the bound (a near-Guttman item whose
    // threshold lies in a gap between the models) has an almost flat likelihood in its intercept: that
    // drift is judged by the log-likelihood (llConverge), not by the parameter tolerance.
    const onBound = (v: Float64Array, j: number): boolean => {
      const o = itemStart[j]!;
      const hasS = st.itemSpec[j]! >= 0;
      return Math.abs(v[o]!) >= bound * (1 - 1e-9) || (hasS && Math.abs(v[o + 1]!) >= bound * (1 - 1e-9));
    };
    let boundItems = 0;
    const offBoundChange = (from: Float64Array, to: Float64Array): number => {
      let m = 0;
      boundItems = 0;
      for (let j = 0; j < st.nItems; j++) {
        if (onBound(to, j)) {
          boundItems++;
          continue;
        }
        for (let k = itemStart[j]!; k < itemStart[j + 1]!; k++) m = Math.max(m, Math.abs(to[k]! - from[k]!));
      }
      for (let k = nItemPar; k < to.length; k++) m = Math.max(m, Math.abs(to[k]! - from[k]!));
      return m;
    };
    const project = (v: Float64Array): void => {
      for (const k of slopeIdx) if (Math.abs(v[k]!) > bound) v[k] = Math.sign(v[k]!) * bound;
    };
    // Parameter expansion (PX-EM; Liu, Rubin & Wu 1998, Biometrika 85:755–770, as for factor analysis
    // and IRT in Rubin & Thayer's and Bock–Aitkin's rescaling): the expanded model gives each factor a
    // free mean μ_f and SD σ_f (around the latent regression's means z'β_f when there is one), whose
    // M-step is the posterior moments averaged over models; reducing back to N(z'β, 1) moves the items
    // (d += Σ_f a_f μ_f, a_f ← a_f σ_f) and the regression (β_f ← β_f / σ_f). Without it EM creeps along
    // the location/scale direction at a rate 1 − σ²_post/σ²_prior per step (≈ 0.98 with 439 items),
    // since only the N(0, 1) prior pins that direction down.
    const mu = new Float64Array(F);
    const sd = new Float64Array(F);
    const expand = (pp: ItemParams, nb: number[], mom: Float64Array, cen: Float64Array, moveCentres: boolean): void => {
      const pmNew = cz ? priorMeans(cz, nb, F) : null;
      mu.fill(0);
      sd.fill(0);
      for (let i = 0; i < N; i++) {
        const o = i * C;
        const vg = mom[o + 1]! * mom[o + 1]!;
        const rg = mom[o]! - (pmNew ? pmNew[i * F]! : 0);
        mu[0] += rg;
        sd[0] += vg + rg * rg;
        for (let s = 0; s < S; s++) {
          const b = mom[o + 3 + 3 * s]!;
          const tau = mom[o + 4 + 3 * s]!;
          const rs = mom[o + 2 + 3 * s]! - (pmNew ? pmNew[i * F + 1 + s]! : 0);
          mu[1 + s] += rs;
          sd[1 + s] += tau * tau + b * b * vg + rs * rs;
        }
      }
      for (let f = 0; f < F; f++) {
        mu[f] /= N;
        const v = sd[f]! / N - mu[f]! * mu[f]!;
        sd[f] = v > 0 ? Math.sqrt(v) : 1;
        if (!(sd[f]! > 0.2 && sd[f]! < 5)) sd[f] = 1; // a degenerate factor: no expansion step
      }
      // the scale step only as far as it keeps every slope within the bound: items on the bound block the
      // scale direction, and a scale step clamped item by item would fight the M-step without end (the
      // location step is always feasible)
      const amax = new Float64Array(F);
      for (let j = 0; j < st.nItems; j++) {
        amax[0] = Math.max(amax[0]!, Math.abs(pp.aG[j]!));
        const s = st.itemSpec[j]!;
        if (s >= 0) amax[1 + s] = Math.max(amax[1 + s]!, Math.abs(pp.aS[j]!));
      }
      for (let f = 0; f < F; f++) if (sd[f]! > 1 && amax[f]! * sd[f]! > bound) sd[f] = Math.max(1, bound / amax[f]!);
      for (let j = 0; j < st.nItems; j++) {
        const s = st.itemSpec[j]!;
        pp.d[j] = pp.d[j]! + pp.aG[j]! * mu[0]! + (s >= 0 ? pp.aS[j]! * mu[1 + s]! : 0);
        pp.aG[j] = Math.max(-bound, Math.min(bound, pp.aG[j]! * sd[0]!));
        if (s >= 0) pp.aS[j] = Math.max(-bound, Math.min(bound, pp.aS[j]! * sd[1 + s]!));
      }
      if (cz) for (let f = 0; f < F; f++) for (let a = 0; a < cz.p; a++) nb[f * cz.p + a] = nb[f * cz.p + a]! / sd[f]!;
      if (!moveCentres) return;
      // the next E-step's nodes in the reduced scale: θ* = (θ − μ)/σ
      for (let i = 0; i < N; i++) {
        const o = i * C;
        cen[o] = (cen[o]! - mu[0]!) / sd[0]!;
        cen[o + 1] = cen[o + 1]! / sd[0]!;
        for (let s = 0; s < S; s++) {
          cen[o + 2 + 3 * s] = (cen[o + 2 + 3 * s]! - mu[1 + s]!) / sd[1 + s]!;
          cen[o + 3 + 3 * s] = (cen[o + 3 + 3 * s]! * sd[0]!) / sd[1 + s]!;
          cen[o + 4 + 3 * s] = cen[o + 4 + 3 * s]! / sd[1 + s]!;
        }
      }
    };
    let psi = packAll(p, beta);
    let stable: boolean | null = null;
    let converged = false;
    let change = Infinity;
    let by: AgqEmResult['by'] = null;
    let gain = NaN;
    let loglik = NaN;
    for (;;) {
      // until the node counts have passed the check, EM stops at a 10× looser log-likelihood rule: the
      // estimates are then only the start of EM with more nodes (on the v1 files most EM evaluations are
      // spent on the last few tenths of a log-likelihood unit, at 2–3× the cost per evaluation with the
      // finer nodes); once the check passes, EM goes on to the full rule with these nodes
      const loose = opts.check && opts.llConverge !== undefined && stable !== true;
      const r = squarem(map, psi, { maxEvals: opts.maxEvals - evals, tol: opts.tol, llConverge: loose ? 10 * opts.llConverge! : opts.llConverge, change: offBoundChange, accelerate: opts.accelerate, valid, project, adaptiveStepMax: true });
      psi = r.psi;
      converged = r.converged;
      change = r.change;
      by = r.by;
      gain = r.gain;
      unpack(st, psi.subarray(0, nItemPar), p);
      beta.set(psi.subarray(nItemPar));
      const pm = priorMeans(cz, beta, F);
      // centres at the estimates, then the log-likelihood with these nodes and with more
      centers = engine.run(p, rule, centers, pm, false).moments;
      const e = engine.run(p, rule, centers, pm, false);
      loglik = e.total;
      if (!opts.check) break;
      const fine = AGQ_REFINED(nodes);
      opts.onProgress?.({ stage: 'quadrature check', message: `log-likelihood with ${nodes.g} × ${nodes.s} and ${fine.g} × ${fine.s} nodes per model` });
      const llFine = engine.run(p, agqRule(fine.g, fine.s), centers, pm, false).total;
      const diff = loglik - llFine;
      steps.push({ points: nodes.g, range: null, specific_points: S > 0 ? nodes.s : null, specific_range: null, loglik_grid: loglik, loglik_adaptive: llFine, difference: diff, em_evaluations: r.evals });
      if (Math.abs(diff) < opts.tolerance) {
        stable = true;
        if (loose && r.by === 'loglik' && evals < opts.maxEvals) continue; // the full rule with these nodes
        break;
      }
      stable = false;
      if (!converged || fine.g > MAX_NODES.g || fine.s > MAX_NODES.s || evals >= opts.maxEvals) break;
      nodes = fine;
      rule = agqRule(nodes.g, nodes.s);
    }
    return { p, beta, loglik, evals, converged, change, by, gain, nodes, steps, stable, centers };
  } finally {
    engine.dispose();
  }
}
