// Stage 5 of the IRT fit: standard errors from the cross-product of the per-person score vectors
// (the "XPD"/empirical information of mirt's SE.type = 'crossprod'; Bock & Lieberman 1970; Paek &
// Cai 2014, Educ. Psychol. Meas. 74:58–76): I = Σ_i s_i s_iᵀ, with s_i = ∂ log L_i/∂ψ =
// E_post[∂ log P(x_i | θ)/∂ψ], evaluated on the same quadrature as the fit. SEs are √diag(I⁻¹) of the
// item parameters in the packed order of model.ts; the general-tier correlations (two-tier) are
// held fixed here (their uncertainty is not propagated).
import { buildTables, countFree, evalLink, type IrtStructure, type ItemParams, type LinkEval } from './model.js';
import { agqNodeStride, crossprod, spdInverse } from '@cartograph/core-wasm';
import { inverseSpd } from '../math/index.js';
import type { IrtEngine } from './estep.js';
import { posteriorMoments, type CenteredCovariates } from './regression.js';

export function crossprodSe(
  engine: IrtEngine,
  st: IrtStructure,
  p: ItemParams,
  phi: Float64Array,
  responses: Uint8Array,
  N: number,
  priors?: { priorG: Float64Array; priorS: Float64Array | undefined },
  reg?: { cz: CenteredCovariates; beta: ArrayLike<number> },
): { se: Float64Array | null; cov: Float64Array | null; warning: string | null } {
  const info = crossprodInformation(engine, st, p, phi, responses, N, priors, reg);
  let inv: Float64Array;
  const P = Math.round(Math.sqrt(info.length));
  try {
    inv = spdInverse(info, P);
  } catch {
    return { se: null, cov: null, warning: 'cross-product information matrix is not positive definite: standard errors not computed' };
  }
  const se = new Float64Array(P);
  for (let a = 0; a < P; a++) se[a] = Math.sqrt(inv[a * P + a]!);
  return { se, cov: inv, warning: null };
}

/**
 * Σ_i s_i s_iᵀ over the packed item parameters (model.ts order), followed — when a latent regression
 * is given (fitted metric: residual variances 1) — by its coefficients β (factor-major), whose per-person
 * scores are E[θ_f − z_iᵀβ_f | x_i] z_i.
 */
export function crossprodInformation(
  engine: IrtEngine,
  st: IrtStructure,
  p: ItemParams,
  phi: Float64Array,
  responses: Uint8Array,
  N: number,
  priors?: { priorG: Float64Array; priorS: Float64Array | undefined },
  reg?: { cz: CenteredCovariates; beta: ArrayLike<number> },
): Float64Array {
  const Pi = countFree(st);
  const F = st.G + st.S;
  const nb = reg ? F * reg.cz.p : 0;
  const P = Pi + nb;
  const J = st.nItems;
  const G = st.G;
  const K = engine.K;
  const Q = engine.Q;
  const KQ = K * Q;
  const { tabOff, tabLen } = engine.plan;
  const e = engine.run(p, phi, { ...(priors ?? {}), wantPosteriors: true });
  const postG = e.out.postG!;
  const mom = reg ? posteriorMoments(engine, postG, e.out.postS!, N) : null;
  const { logP1, logP0 } = buildTables(st, p, engine.grid, tabOff, tabLen);
  // ∂ log P(x | cell)/∂η for x = 1, 0 and ∂/∂logit(c)
  const e1 = new Float64Array(tabLen);
  const e0 = new Float64Array(tabLen);
  const c1 = st.guessing === 'estimate' ? new Float64Array(tabLen) : null;
  const c0 = st.guessing === 'estimate' ? new Float64Array(tabLen) : null;
  const le: LinkEval = { F: 0, f: 0, logF: 0, log1mF: 0, r1: 0, r0: 0 };
  const { coordsG, nodesS } = engine.grid;
  for (let j = 0; j < J; j++) {
    const off = tabOff[j]!;
    const s = st.itemSpec[j]!;
    const c = p.c[j]!;
    for (let k = 0; k < K; k++) {
      let etaG = p.d[j]!;
      for (let g = 0; g < G; g++) etaG += p.aG[j * G + g]! * coordsG[k * G + g]!;
      const nq = s < 0 ? 1 : Q;
      for (let q = 0; q < nq; q++) {
        const cell = off + (s < 0 ? k : k * Q + q);
        evalLink(st.link, s < 0 ? etaG : etaG + p.aS[j]! * nodesS[q]!, le);
        // ∂logP/∂η = (1 − c)f/P, ∂log(1 − P)/∂η = −f/(1 − F) (tail-safe ratios, model.ts)
        const P1 = c + (1 - c) * le.F;
        e1[cell] = c === 0 ? le.r1 : ((1 - c) * le.f) / P1;
        e0[cell] = -le.r0;
        if (c1 && c0) {
          c1[cell] = ((1 - le.F) * c * (1 - c)) / P1;
          c0[cell] = -c;
        }
      }
    }
  }
  // packed index of each item's first parameter
  const start = new Int32Array(J);
  let o = 0;
  for (let j = 0; j < J; j++) {
    start[j] = o;
    if (!st.commonSlope) for (let g = 0; g < G; g++) o += st.generalMask[j * G + g]!;
    if (st.itemSpec[j]! >= 0) o++;
    o++;
    if (st.guessing === 'estimate') o++;
  }
  const info = new Float64Array(P * P);
  const sc = new Float64Array(P);
  const ls = new Float64Array(st.S * KQ);
  for (let i = 0; i < N; i++) {
    sc.fill(0);
    // joint posterior (k, q) of each specific, given the general-grid posterior
    ls.fill(0);
    for (let j = 0; j < J; j++) {
      const x = responses[i * J + j]!;
      const s = st.itemSpec[j]!;
      if (x > 1 || s < 0) continue;
      const tab = x === 1 ? logP1 : logP0;
      const off = tabOff[j]!;
      for (let c = 0; c < KQ; c++) ls[s * KQ + c] += tab[off + c]!;
    }
    for (let s = 0; s < st.S; s++) {
      const lw = priors?.priorS ? priors.priorS.subarray((i * st.S + s) * Q, (i * st.S + s + 1) * Q) : engine.gS.logWeights;
      for (let k = 0; k < K; k++) {
        const b = s * KQ + k * Q;
        let m = -Infinity;
        for (let q = 0; q < Q; q++) {
          ls[b + q] = ls[b + q]! + lw[q]!;
          if (ls[b + q]! > m) m = ls[b + q]!;
        }
        let sum = 0;
        for (let q = 0; q < Q; q++) {
          ls[b + q] = Math.exp(ls[b + q]! - m);
          sum += ls[b + q]!;
        }
        const pk = postG[i * K + k]! / sum;
        for (let q = 0; q < Q; q++) ls[b + q] = ls[b + q]! * pk;
      }
    }
    for (let j = 0; j < J; j++) {
      const x = responses[i * J + j]!;
      if (x > 1) continue;
      const et = x === 1 ? e1 : e0;
      const ct = x === 1 ? c1 : c0;
      const off = tabOff[j]!;
      const s = st.itemSpec[j]!;
      let t = start[j]!;
      const nG = st.commonSlope ? 0 : G;
      const gs = new Float64Array(G);
      let sS = 0;
      let sD = 0;
      let sC = 0;
      for (let k = 0; k < K; k++) {
        if (s < 0) {
          const w = postG[i * K + k]! * et[off + k]!;
          for (let g = 0; g < G; g++) gs[g] += w * coordsG[k * G + g]!;
          sD += w;
          if (ct) sC += postG[i * K + k]! * ct[off + k]!;
        } else {
          let wk = 0;
          for (let q = 0; q < Q; q++) {
            const pc = ls[s * KQ + k * Q + q]!;
            const w = pc * et[off + k * Q + q]!;
            wk += w;
            sS += w * nodesS[q]!;
            if (ct) sC += pc * ct[off + k * Q + q]!;
          }
          for (let g = 0; g < G; g++) gs[g] += wk * coordsG[k * G + g]!;
          sD += wk;
        }
      }
      for (let g = 0; g < nG; g++) if (st.generalMask[j * G + g]) sc[t++] += gs[g]!;
      if (s >= 0) sc[t++] += sS;
      sc[t++] += sD;
      if (ct) sc[t++] += sC;
      if (st.commonSlope) sc[Pi - 1] += gs[0]!;
    }
    if (reg && mom) {
      const pz = reg.cz.p;
      for (let f = 0; f < F; f++) {
        let mu = 0;
        for (let a = 0; a < pz; a++) mu += reg.cz.Z[i * pz + a]! * reg.beta[f * pz + a]!;
        const r = mom.m1[f]![i]! - mu;
        for (let a = 0; a < pz; a++) sc[Pi + f * pz + a] = r * reg.cz.Z[i * pz + a]!;
      }
    }
    for (let a = 0; a < P; a++) {
      const va = sc[a]!;
      if (va === 0) continue;
      const row = a * P;
      for (let b = a; b < P; b++) info[row + b] += va * sc[b]!;
    }
  }
  for (let a = 0; a < P; a++) for (let b = 0; b < a; b++) info[a * P + b] = info[b * P + a]!;
  return info;
}

/** Diagonal of A⁻¹ for SPD A (the Cholesky inverse of math/dense.ts); null if not PD. */
export function choleskyInverseDiag(A: Float64Array, n: number): Float64Array | null {
  const inv = inverseSpd(A, n);
  if (!inv) return null;
  return Float64Array.from({ length: n }, (_, i) => inv[i * n + i]!);
}

/** Each person's adaptive nodes and posterior weights (AgqEngine.run(..., wantNodes = true), layout of core-wasm's agqNodeStride). */
export interface AgqPersonNodes {
  nodes: Float64Array;
  Kg: number;
  Qs: number;
}

/**
 * The cross-product information Σ_i s_i s_iᵀ (as crossprodInformation: packed item parameters, then β
 * factor-major in the fitted metric) from each person's ADAPTIVE nodes (agq.ts): by Fisher's identity
 * (Louis 1982, JRSS B 44:226–233) s_i = E_post[∂ log P(x_i | θ)/∂ψ], the expectation over the person's
 * own nodes and posterior weights — for item j at node (g_k, s_kq): ∂ log P/∂η · (g_k, s_kq, 1) for
 * (a_g, a_s, d) — and for the latent regression (E[θ_f | x_i] − z_iᵀβ_f) z_i (`m1`: the posterior means
 * from the same run). One general factor, free slopes, no guessing (the AgqEngine's models). The sum of
 * outer products is core-wasm's crossprod over blocks of `blockRows` persons (summed in person order:
 * deterministic).
 */
export function agqInformation(
  st: IrtStructure,
  p: ItemParams,
  responses: Uint8Array,
  N: number,
  pn: AgqPersonNodes,
  reg?: { cz: CenteredCovariates; beta: ArrayLike<number>; m1: readonly Float64Array[] },
  blockRows = 1024,
): Float64Array {
  if (st.G !== 1 || st.guessing !== 'none' || st.commonSlope) throw new RangeError('agqInformation: one general factor, free slopes, no guessing');
  const Pi = countFree(st);
  const S = st.S;
  const F = 1 + S;
  const pz = reg ? reg.cz.p : 0;
  const P = Pi + (reg ? F * pz : 0);
  const J = st.nItems;
  const { nodes, Kg, Qs } = pn;
  const KQ = Kg * Qs;
  const SKQ = S * KQ;
  const NS = agqNodeStride(Kg, Qs, S);
  if (nodes.length !== N * NS) throw new RangeError(`agqInformation: nodes must have ${N * NS} entries, got ${nodes.length}`);
  // packed index of each item's first parameter (model.ts order: a_g if it loads on g, a_s, d)
  const start = new Int32Array(J);
  let o = 0;
  for (let j = 0; j < J; j++) {
    start[j] = o;
    o += st.generalMask[j]! + (st.itemSpec[j]! >= 0 ? 1 : 0) + 1;
  }
  const logistic = st.link === 'logistic';
  const le: LinkEval = { F: 0, f: 0, logF: 0, log1mF: 0, r1: 0, r0: 0 };
  // ∂ log P(x | η)/∂η: logistic x − F(η); normal ogive the Mills ratios (model.ts, tail-safe)
  const d1 = (x: number, eta: number): number => {
    if (logistic) return x - 1 / (1 + Math.exp(-eta));
    evalLink('normal', eta, le);
    return x === 1 ? le.r1 : -le.r0;
  };
  const aG = p.aG;
  const aS = p.aS;
  const dd = p.d;
  const B = Math.max(1, Math.min(N, blockRows));
  const block = new Float64Array(B * P);
  const info = new Float64Array(P * P);
  for (let i0 = 0; i0 < N; i0 += B) {
    const rows = Math.min(B, N - i0);
    block.fill(0);
    for (let r = 0; r < rows; r++) {
      const i = i0 + r;
      const sc = r * P;
      const on = i * NS;
      for (let j = 0; j < J; j++) {
        const x = responses[i * J + j]!;
        if (x > 1) continue;
        const s = st.itemSpec[j]!;
        let sG = 0;
        let sS = 0;
        let sD = 0;
        if (s < 0) {
          for (let k = 0; k < Kg; k++) {
            const g = nodes[on + k]!;
            const u = nodes[on + Kg + k]! * d1(x, dd[j]! + aG[j]! * g);
            sG += u * g;
            sD += u;
          }
        } else {
          const ob = on + 2 * Kg + s * KQ;
          for (let k = 0; k < Kg; k++) {
            const g = nodes[on + k]!;
            const etaG = dd[j]! + aG[j]! * g;
            let A0 = 0;
            let A1 = 0;
            for (let q = 0; q < Qs; q++) {
              const c = ob + k * Qs + q;
              const sv = nodes[c]!;
              const u = nodes[c + SKQ]! * d1(x, etaG + aS[j]! * sv);
              A0 += u;
              A1 += u * sv;
            }
            const pk = nodes[on + Kg + k]!;
            sG += pk * g * A0;
            sS += pk * A1;
            sD += pk * A0;
          }
        }
        let t = sc + start[j]!;
        if (st.generalMask[j]) block[t++] = sG;
        if (s >= 0) block[t++] = sS;
        block[t] = sD;
      }
      if (reg) {
        const { cz, beta, m1 } = reg;
        for (let f = 0; f < F; f++) {
          let mu = 0;
          for (let a = 0; a < pz; a++) mu += cz.Z[i * pz + a]! * beta[f * pz + a]!;
          const res = m1[f]![i]! - mu;
          for (let a = 0; a < pz; a++) block[sc + Pi + f * pz + a] = res * cz.Z[i * pz + a]!;
        }
      }
    }
    const part = crossprod(rows === B ? block : block.subarray(0, rows * P), rows, P);
    for (let t = 0; t < P * P; t++) info[t] += part[t]!;
  }
  return info;
}
