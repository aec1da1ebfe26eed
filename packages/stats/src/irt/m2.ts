// Stage 7 (fit check): the M2 limited-information statistic for a unidimensional binary IRT model
// (Maydeu-Olivares & Joe 2005, JASA 100:1009–1020; 2006, Psychometrika 71:713–732; mirt::M2):
//   e = p₂ − π₂ (first- and second-order marginal proportions, observed − model),
//   M2 = N eᵀ C₂ e,  C₂ = Ξ⁻¹ − Ξ⁻¹Δ(ΔᵀΞ⁻¹Δ)⁻¹ΔᵀΞ⁻¹,  df = s − q,
// Ξ the model covariance of √N p₂ (moments up to order four by the same quadrature as the fit), Δ = ∂π₂/∂ψ.
// RMSEA₂ = √(max(0, (M2 − df)/(N·df))). Complete data only; the cost grows as s³ with s = J(J + 1)/2
// margins: 60 items (s = 1,830) take about a second, 100 items (s = 5,050) about 80 s and 0.7 GB on the
// 2-core bench machine (M2 = 4,740 on 4,850 df for a simulated 2PL, p = 0.87) — the default limit is 100.
import { choleskySolve, cholesky } from '@cartograph/core-wasm';
import type { ResponseMatrix } from '../data/leaderboard.js';
import { MISSING } from '../data/leaderboard.js';
import { EstimationError } from '../util/errors.js';
import { pchisqUpper } from '../math/index.js';
import { fitState } from './fit.js';
import { evalLink, type LinkEval } from './model.js';
import { grid1 } from './quadrature.js';
import type { IrtFit } from './types.js';

export interface M2Result {
  M2: number;
  df: number;
  p: number;
  rmsea2: number;
  nMargins: number;
  nParameters: number;
  n: number;
}

export function m2Statistic(fit: IrtFit, resp: ResponseMatrix, opts: { maxItems?: number } = {}): M2Result {
  if (fit.nGeneral !== 1 || fit.factors.length !== 1) throw new EstimationError('M2', 'implemented for unidimensional models only');
  if (fit.latentRegression) throw new EstimationError('M2', 'not available for a fit with a latent regression');
  const { st, p } = fitState(fit);
  const J = st.nItems;
  const maxItems = opts.maxItems ?? 100;
  if (J > maxItems) throw new EstimationError('M2', `${J} items: above the limit of ${maxItems} (the cost grows as J⁶; raise maxItems to force it)`);
  const N = resp.nModels;
  const J0 = resp.nItems;
  const cols = fit.state.columns;
  const x = new Uint8Array(N * J);
  for (let i = 0; i < N; i++)
    for (let t = 0; t < J; t++) {
      const v = resp.values[i * J0 + cols[t]!]!;
      if (v === MISSING) throw new EstimationError('M2', `missing response (model ${i + 1}, item ${fit.items[t]!.id}): M2 needs complete data`);
      x[i * J + t] = v;
    }
  const grid = grid1(fit.quadrature.general);
  const Q = grid.nodes.length;
  const w = grid.weights;
  // item response functions and their parameter derivatives at the nodes
  const P = new Float64Array(J * Q);
  const nPer = st.guessing === 'estimate' ? 3 : 2;
  const dP = new Float64Array(J * nPer * Q); // per item: ∂P/∂a, ∂P/∂d, (∂P/∂logit c)
  const le: LinkEval = { F: 0, f: 0, logF: 0, log1mF: 0, r1: 0, r0: 0 };
  for (let j = 0; j < J; j++) {
    const c = p.c[j]!;
    for (let q = 0; q < Q; q++) {
      const th = grid.nodes[q]!;
      evalLink(st.link, p.aG[j]! * th + p.d[j]!, le);
      P[j * Q + q] = c + (1 - c) * le.F;
      const dEta = (1 - c) * le.f;
      dP[(j * nPer + 0) * Q + q] = dEta * th;
      dP[(j * nPer + 1) * Q + q] = dEta;
      if (nPer === 3) dP[(j * nPer + 2) * Q + q] = (1 - le.F) * c * (1 - c);
    }
  }
  // margins: singles then pairs i < j
  const s = J + (J * (J - 1)) / 2;
  const sets: number[][] = [];
  for (let i = 0; i < J; i++) sets.push([i]);
  for (let i = 0; i < J; i++) for (let j = i + 1; j < J; j++) sets.push([i, j]);
  const moment = (idx: number[]): number => {
    let t = 0;
    for (let q = 0; q < Q; q++) {
      let v = w[q]!;
      for (const i of idx) v *= P[i * Q + q]!;
      t += v;
    }
    return t;
  };
  const pi = Float64Array.from(sets, (S) => moment(S));
  const obs = new Float64Array(s);
  for (let n = 0; n < N; n++) {
    const row = n * J;
    for (let i = 0; i < J; i++) if (x[row + i]) obs[i] += 1;
    let k = J;
    for (let i = 0; i < J; i++)
      for (let j = i + 1; j < J; j++, k++) if (x[row + i] && x[row + j]) obs[k] += 1;
  }
  for (let k = 0; k < s; k++) obs[k] = obs[k]! / N;
  // Ξ: Cov = π(a ∪ b) − π(a)π(b); the union's moment by quadrature (binary items: P² = P per item)
  const Xi = new Float64Array(s * s);
  const prod = new Float64Array(Q);
  for (let a = 0; a < s; a++) {
    const A = sets[a]!;
    for (let q = 0; q < Q; q++) {
      let v = w[q]!;
      for (const i of A) v *= P[i * Q + q]!;
      prod[q] = v;
    }
    for (let b = a; b < s; b++) {
      const B = sets[b]!;
      let t = 0;
      for (let q = 0; q < Q; q++) {
        let v = prod[q]!;
        for (const i of B) if (!A.includes(i)) v *= P[i * Q + q]!;
        t += v;
      }
      const cv = t - pi[a]! * pi[b]!;
      Xi[a * s + b] = cv;
      Xi[b * s + a] = cv;
    }
  }
  // Δ: s × q, packed order (per item a, d[, logit c]; 1PL: d per item then the common a)
  const qn = st.commonSlope ? J + 1 : J * nPer;
  const D = new Float64Array(s * qn);
  const col = (j: number, k: number): number => (st.commonSlope ? (k === 0 ? J : j) : j * nPer + k);
  for (let r = 0; r < s; r++) {
    const S = sets[r]!;
    for (const j of S) {
      const other = S.filter((i) => i !== j);
      for (let k = 0; k < nPer; k++) {
        let t = 0;
        for (let q = 0; q < Q; q++) {
          let v = w[q]! * dP[(j * nPer + k) * Q + q]!;
          for (const i of other) v *= P[i * Q + q]!;
          t += v;
        }
        D[r * qn + col(j, k)] += t;
      }
    }
  }
  // C₂ via Ξ⁻¹: u = Ξ⁻¹e, V = Ξ⁻¹Δ; M2 = N (eᵀu − (Δᵀu)ᵀ(ΔᵀV)⁻¹(Δᵀu))
  const e = Float64Array.from(obs, (v, k) => v - pi[k]!);
  const L = cholesky(Xi, s);
  const rhs = new Float64Array(s * (qn + 1));
  for (let r = 0; r < s; r++) {
    rhs[r * (qn + 1)] = e[r]!;
    for (let c = 0; c < qn; c++) rhs[r * (qn + 1) + 1 + c] = D[r * qn + c]!;
  }
  const sol = choleskySolve(L, rhs, s, qn + 1);
  let eu = 0;
  const du = new Float64Array(qn);
  const dv = new Float64Array(qn * qn);
  for (let r = 0; r < s; r++) {
    const u = sol[r * (qn + 1)]!;
    eu += e[r]! * u;
    for (let c = 0; c < qn; c++) {
      du[c] += D[r * qn + c]! * u;
      for (let c2 = 0; c2 < qn; c2++) dv[c * qn + c2] += D[r * qn + c]! * sol[r * (qn + 1) + 1 + c2]!;
    }
  }
  for (let c = 0; c < qn; c++) for (let c2 = 0; c2 < c; c2++) dv[c * qn + c2] = dv[c2 * qn + c] = (dv[c * qn + c2]! + dv[c2 * qn + c]!) / 2;
  const z = choleskySolve(cholesky(dv, qn), du, qn, 1);
  let quad = 0;
  for (let c = 0; c < qn; c++) quad += du[c]! * z[c]!;
  const M2 = N * (eu - quad);
  const df = s - qn;
  return { M2, df, p: pchisqUpper(M2, df), rmsea2: Math.sqrt(Math.max(0, (M2 - df) / (N * df))), nMargins: s, nParameters: qn, n: N };
}
